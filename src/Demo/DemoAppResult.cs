namespace Graduate.Demo;

/// <summary>One app: the version production's public URL served before and after the graduation.</summary>
public sealed record DemoAppResult(string Name, string? Before, string? After);
