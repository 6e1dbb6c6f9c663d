using System.Diagnostics;

namespace Graduate.Dokku.Tests.Support;

/// <summary>
/// A throwaway directory with an executable script, used as a local:// host
/// (<c>bin/dokku-ssh</c>) or as a stand-in for the ssh client, so transport behaviour can
/// be tested without sshd.
/// </summary>
internal sealed class FakeHost : IDisposable
{
    private FakeHost(string root)
    {
        Root = root;
    }

    public string Root { get; }

    public string EntryPoint => Path.Combine(Root, "bin", "dokku-ssh");

    /// <summary>A host whose <c>bin/dokku-ssh</c> runs <paramref name="body"/> under bash.</summary>
    public static FakeHost WithDokkuSsh(string body)
    {
        var host = new FakeHost(Directory.CreateTempSubdirectory("graduate-fake-host-").FullName);
        host.WriteScript(host.EntryPoint, body);
        return host;
    }

    /// <summary>Writes an executable bash script at <paramref name="path"/> inside this host.</summary>
    public string WriteScript(string path, string body)
    {
        var full = Path.IsPathRooted(path) ? path : Path.Combine(Root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        File.WriteAllText(full, "#!/usr/bin/env bash\n" + body + "\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("Fake hosts are bash scripts.");
        }

        File.SetUnixFileMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return full;
    }

    public string PathOf(string name) => Path.Combine(Root, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Reads a pid a script wrote, waiting for the file to appear.</summary>
    public async Task<int> ReadPidAsync(string name, CancellationToken cancellationToken)
    {
        var path = PathOf(name);
        string text = "";
        await Eventually.TrueAsync(
            () =>
            {
                text = File.Exists(path) ? File.ReadAllText(path).Trim() : "";
                return text.Length > 0 && text.All(char.IsAsciiDigit);
            },
            TimeSpan.FromSeconds(10),
            $"pid file {name} was not written",
            cancellationToken);
        return int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>True while the process exists and is not a zombie (a zombie is dead but unreaped).</summary>
    public static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var state = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[0];
            return state != "Z" && state != "X";
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return Process.GetProcesses().Any(p => p.Id == pid);
        }
    }
}
