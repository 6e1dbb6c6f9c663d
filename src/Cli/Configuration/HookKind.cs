namespace Graduate.Cli.Configuration;

/// <summary>The plugin's two named hooks.</summary>
public enum HookKind
{
    /// <summary>Before anything is staged; a failure ends the graduation with nothing changed.</summary>
    Pre,

    /// <summary>Once every app is staged, before go-live; a failure aborts every gate.</summary>
    Post,
}
