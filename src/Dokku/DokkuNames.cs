using System.Text.RegularExpressions;
using Graduate.Dokku.Exceptions;

namespace Graduate.Dokku;

/// <summary>
/// The one place that decides which names may be sent to a host. Every value that ends up
/// on a remote command line passes through here BEFORE a connection is made, so a hostile
/// name cannot reach a shell, and a bad one fails fast with a sentence instead of a
/// confusing remote error. Patterns are ASCII-only and anchored with \A..\z because
/// <c>$</c> would also accept a trailing newline.
/// </summary>
public static partial class DokkuNames
{
    /// <summary>Dokku app names become docker image names and DNS labels: 63 keeps them valid.</summary>
    public const int MaxAppNameLength = 63;

    public const int MaxEnvironmentNameLength = 63;
    public const int MaxGraduationIdLength = 128;
    public const int MaxJobNameLength = 100;
    public const int MaxTagLength = 200;
    public const int MaxConfigKeyLength = 200;
    public const int MaxKeyNameLength = 64;
    public const int MaxWordLength = 1024;

    /// <summary>Dokku's own rule for app names.</summary>
    public static string App(string? value) =>
        Check("app name", value, AppPattern(), MaxAppNameLength, "lowercase letters, digits and '-', starting with a letter or digit");

    /// <summary>Environment names are used in tags (<c>env/timestamp</c>), so they follow the app rule.</summary>
    public static string Environment(string? value) =>
        Check("environment name", value, AppPattern(), MaxEnvironmentNameLength, "lowercase letters, digits and '-', starting with a letter or digit");

    /// <summary>Graduation ids become directory names on hosts: no slashes, no "..".</summary>
    public static string GraduationId(string? value) =>
        CheckNoDots("graduation id", value, IdPattern(), MaxGraduationIdLength, "letters, digits, '.', '_' and '-', starting with a letter or digit");

    /// <summary>Job names become file names on hosts: no slashes, no "..".</summary>
    public static string JobName(string? value) =>
        CheckNoDots("job name", value, JobPattern(), MaxJobNameLength, "lowercase letters, digits, '.', '_' and '-', starting with a letter or digit");

    /// <summary>Full commit ids only (SHA-1 or SHA-256): a short or symbolic ref could resolve differently on each host.</summary>
    public static string Sha(string? value) =>
        Check("commit sha", value, ShaPattern(), 64, "a full 40- or 64-character lowercase hex commit id");

    /// <summary>A commit id, full or abbreviated to at least 7 hex digits (what <c>graduate:commits</c> takes).</summary>
    public static string AbbreviatedSha(string? value) =>
        Check("commit sha", value, AbbreviatedShaPattern(), 64, "a hex commit id of 7 to 64 lowercase characters");

    /// <summary>Git tag names as Graduate makes them (<c>env/20240101120000</c>), a strict subset of git's ref rules.</summary>
    public static string Tag(string? value)
    {
        var tag = CheckNoDots("tag", value, TagPattern(), MaxTagLength, "segments of letters, digits, '.', '_' and '-' separated by '/'");
        if (tag.EndsWith(".lock", StringComparison.Ordinal) || tag.EndsWith('.'))
        {
            throw Invalid("tag", value, "must not end with '.' or '.lock' (git refuses such refs)");
        }

        return tag;
    }

    /// <summary>A deploy branch name for <c>graduate:push --branch</c>, same rules as <see cref="Tag"/>.</summary>
    public static string Branch(string? value)
    {
        var branch = CheckNoDots("branch", value, TagPattern(), MaxTagLength, "segments of letters, digits, '.', '_' and '-' separated by '/'");
        if (branch.EndsWith(".lock", StringComparison.Ordinal) || branch.EndsWith('.'))
        {
            throw Invalid("branch", value, "must not end with '.' or '.lock' (git refuses such refs)");
        }

        return branch;
    }

    /// <summary>Environment variable names as a POSIX shell accepts them.</summary>
    public static string ConfigKey(string? value) =>
        Check("config key", value, ConfigKeyPattern(), MaxConfigKeyLength, "letters, digits and '_', not starting with a digit");

    /// <summary>Names of ssh keys added with <c>ssh-keys:add</c>.</summary>
    public static string KeyName(string? value) =>
        Check("ssh key name", value, IdPattern(), MaxKeyNameLength, "letters, digits, '.', '_' and '-', starting with a letter or digit");

    /// <summary>
    /// A git remote for <c>graduate:push</c>: <c>user@host:app</c> or
    /// <c>ssh://user@host[:port]/app</c>. Resolved on the source host, so host may be one of
    /// its ssh config aliases.
    /// </summary>
    public static string GitRemote(string? value)
    {
        var remote = Check("git remote", value, GitRemotePattern(), 300, "user@host:app or ssh://user@host[:port]/app");
        var app = remote[(remote.LastIndexOfAny([':', '/']) + 1)..];
        App(app);
        return remote;
    }

    /// <summary>
    /// A free-standing word for commands such as <c>run</c>, where the value is not a name but
    /// still travels on the command line. Dokku re-splits the ssh command line on whitespace
    /// without honouring quotes, so anything needing quotes would arrive mangled: refuse it
    /// and send such text over stdin instead.
    /// </summary>
    public static string Word(string? value) =>
        Check("argument", value, WordPattern(), MaxWordLength, "letters, digits and _@%+=:,./- only (put anything else in a script sent over stdin)");

    /// <summary>A gate's or job's state as the plugin words it (<c>staged</c>, <c>timed-out</c>), told back to it by <c>--wait</c>.</summary>
    public static string State(string? value) =>
        Check("state", value, StatePattern(), 32, "lowercase letters and '-'");

    /// <summary>Whether <paramref name="value"/> is a valid app name, without throwing.</summary>
    public static bool IsValidApp(string? value) =>
        value is not null && value.Length <= MaxAppNameLength && AppPattern().IsMatch(value);

    /// <summary>Whether <paramref name="value"/> is a full commit id (<see cref="Sha"/>), without throwing.</summary>
    public static bool IsValidSha(string? value) =>
        value is not null && value.Length <= 64 && ShaPattern().IsMatch(value);

    /// <summary>An ssh public key line for <c>ssh-keys:add</c>; it goes over stdin but must still be one line.</summary>
    public static string PublicKey(string? value)
    {
        var key = value?.Trim();
        if (string.IsNullOrEmpty(key) || !PublicKeyPattern().IsMatch(key))
        {
            throw Invalid("ssh public key", "(key text)", "must be a single OpenSSH public key line such as 'ssh-ed25519 AAAA... comment'");
        }

        return key;
    }

    private static string Check(string kind, string? value, Regex pattern, int maxLength, string rule)
    {
        if (string.IsNullOrEmpty(value))
        {
            throw Invalid(kind, value, "must not be empty");
        }

        if (value.Length > maxLength)
        {
            throw Invalid(kind, value, $"must be at most {maxLength} characters");
        }

        if (!pattern.IsMatch(value))
        {
            throw Invalid(kind, value, "may contain only " + rule);
        }

        return value;
    }

    private static string CheckNoDots(string kind, string? value, Regex pattern, int maxLength, string rule)
    {
        var checkedValue = Check(kind, value, pattern, maxLength, rule);
        if (checkedValue.Contains("..", StringComparison.Ordinal))
        {
            throw Invalid(kind, value, "must not contain '..'");
        }

        return checkedValue;
    }

    private static DokkuValidationException Invalid(string kind, string? value, string problem)
    {
        // The value is echoed escaped so control characters in a hostile name cannot
        // rewrite the user's terminal line.
        var shown = value is null ? "(null)" : "'" + Escape(value) + "'";
        return new DokkuValidationException(kind, value, $"Invalid {kind} {shown}: it {problem}.");
    }

    private static string Escape(string value)
    {
        var builder = new System.Text.StringBuilder(value.Length);
        foreach (var c in value.Length > 80 ? value[..80] + "..." : value)
        {
            builder.Append(c is >= ' ' and <= '~' ? c.ToString() : $"\\u{(int)c:x4}");
        }

        return builder.ToString();
    }

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex AppPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex IdPattern();

    [GeneratedRegex(@"\A[a-z0-9][a-z0-9._-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex JobPattern();

    [GeneratedRegex(@"\A(?:[0-9a-f]{40}|[0-9a-f]{64})\z", RegexOptions.CultureInvariant)]
    private static partial Regex ShaPattern();

    [GeneratedRegex(@"\A[0-9a-f]{7,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex AbbreviatedShaPattern();

    [GeneratedRegex(@"\A[A-Za-z0-9][A-Za-z0-9._-]*(?:/[A-Za-z0-9][A-Za-z0-9._-]*)*\z", RegexOptions.CultureInvariant)]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"\A[A-Za-z_][A-Za-z0-9_]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex ConfigKeyPattern();

    [GeneratedRegex(@"\A(?:ssh://[a-z_][a-z0-9_-]*@[A-Za-z0-9][A-Za-z0-9._-]*(?::[0-9]{1,5})?/|[a-z_][a-z0-9_-]*@[A-Za-z0-9][A-Za-z0-9._-]*:)[a-z0-9][a-z0-9-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex GitRemotePattern();

    [GeneratedRegex(@"\A[a-z][a-z-]*\z", RegexOptions.CultureInvariant)]
    private static partial Regex StatePattern();

    [GeneratedRegex(@"\A[A-Za-z0-9_@%+=:,./-]+\z", RegexOptions.CultureInvariant)]
    private static partial Regex WordPattern();

    [GeneratedRegex(@"\A(?:ssh-[a-z0-9-]+|ecdsa-sha2-[a-z0-9-]+|sk-[a-z0-9@.-]+) [A-Za-z0-9+/]+={0,3}(?: [\x20-\x7e]*)?\z", RegexOptions.CultureInvariant)]
    private static partial Regex PublicKeyPattern();
}
