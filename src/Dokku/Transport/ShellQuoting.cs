namespace Graduate.Dokku.Transport;

/// <summary>
/// POSIX shell quoting for the remote command line. Words made only of characters no
/// shell treats specially are left bare, everything else is single-quoted. Leaving safe
/// words bare matters: Dokku (and sshcommand's forced command) re-split
/// <c>SSH_ORIGINAL_COMMAND</c> on whitespace WITHOUT removing quotes, so <c>'portal'</c>
/// would arrive as an app literally named with quotes, while a remote shell that does
/// remove quotes sees the same word either way.
/// </summary>
public static class ShellQuoting
{
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Length > 0 && value.All(IsSafe))
        {
            return value;
        }

        // Inside single quotes nothing is special except the closing quote itself, which is
        // written as: close quote, escaped quote, reopen.
        return "'" + value.Replace("'", @"'\''", StringComparison.Ordinal) + "'";
    }

    public static string Join(IEnumerable<string> arguments) => string.Join(' ', arguments.Select(Quote));

    private static bool IsSafe(char c) =>
        c is (>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9')
            or '_' or '@' or '%' or '+' or '=' or ':' or ',' or '.' or '/' or '-';
}
