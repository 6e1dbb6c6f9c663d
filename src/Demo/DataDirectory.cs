namespace Graduate.Demo;

/// <summary>Where Graduate keeps data: <c>$XDG_DATA_HOME/graduate</c>, else <c>~/.local/share/graduate</c>.</summary>
public static class DataDirectory
{
    public static string Resolve(Func<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        if (variables("XDG_DATA_HOME") is { Length: > 0 } xdg)
        {
            return Path.Combine(Path.GetFullPath(xdg), "graduate");
        }

        var home = variables("HOME") is { Length: > 0 } h ? h : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        return Path.Combine(home, ".local", "share", "graduate");
    }
}
