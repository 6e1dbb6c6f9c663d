namespace Graduate.Cli.Tests;

/// <summary>
/// A local:// host whose bin/dokku-ssh answers the few graduate plugin commands the CLI itself sends
/// (version, key, ssh-keys:add, state-init, state-status) and logs every command line it receives.
/// </summary>
public sealed class FakeDokkuHost : IDisposable
{
    public const string PublicKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGraduateFakeHostKeyForCliTests graduate@fake";

    private const string Script =
        """
        #!/usr/bin/env bash
        set -euo pipefail
        dir="$(cd "$(dirname "$0")/.." && pwd)"
        printf '%s\n' "$SSH_ORIGINAL_COMMAND" >> "$dir/commands.log"
        case "$SSH_ORIGINAL_COMMAND" in
          graduate:version) echo "graduate 0.9.0" ;;
          graduate:key) echo "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGraduateFakeHostKeyForCliTests graduate@fake" ;;
          "ssh-keys:add "*)
            if [[ -f "$dir/keys" ]] && grep -qF "$SSH_ORIGINAL_COMMAND " "$dir/keys"; then
              echo " !     Duplicate ssh key name" >&2; exit 1
            fi
            { printf '%s ' "$SSH_ORIGINAL_COMMAND"; cat; } >> "$dir/keys" ;;
          graduate:state-init) touch "$dir/state-initialized"; echo '{"clean": true, "dirty": [], "configValuesInHistory": false}' ;;
          graduate:state-status) cat "$dir/state-status.json" ;;
          *) echo " !     Unknown command: $SSH_ORIGINAL_COMMAND" >&2; exit 1 ;;
        esac
        """;

    public FakeDokkuHost()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("graduate-fake-host-").FullName;
        var bin = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "bin")).FullName;
        var entry = Path.Combine(bin, "dokku-ssh");
        File.WriteAllText(entry, Script.ReplaceLineEndings("\n") + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(entry, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        StateStatusJson = """{"clean":true,"dirty":[]}""";
    }

    public string Directory { get; }

    public string Url => "local://" + Directory;

    public string StateStatusJson
    {
        set => File.WriteAllText(Path.Combine(Directory, "state-status.json"), value);
    }

    public IReadOnlyList<string> Commands =>
        File.Exists(Path.Combine(Directory, "commands.log")) ? File.ReadAllLines(Path.Combine(Directory, "commands.log")) : [];

    public string Keys => File.Exists(Path.Combine(Directory, "keys")) ? File.ReadAllText(Path.Combine(Directory, "keys")) : "";

    public bool StateInitialized => File.Exists(Path.Combine(Directory, "state-initialized"));

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
