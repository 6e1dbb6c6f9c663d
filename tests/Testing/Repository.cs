namespace Graduate.Testing;

/// <summary>The repository the tests were built from, found by walking up from the test binaries.</summary>
public static class Repository
{
    private static readonly Lazy<string> RootDirectory = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Graduate.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"Graduate.sln not found above the test binaries in {AppContext.BaseDirectory}");
    });

    /// <summary>The folder holding Graduate.sln.</summary>
    public static string Root => RootDirectory.Value;
}
