namespace Graduate.Workflows.Contracts;

/// <summary>The push of <paramref name="App"/> runs on the source as job <paramref name="Job"/>.</summary>
public sealed record PushAppResult(string App, string Job);
