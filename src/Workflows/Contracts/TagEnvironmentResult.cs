namespace Graduate.Workflows.Contracts;

/// <summary>The tag written and the manifest JSON it carries.</summary>
public sealed record TagEnvironmentResult(string Tag, string Manifest);
