namespace Graduate.Dokku.Models;

public enum JobState
{
    /// <summary>A state this client does not know: a newer plugin. Treat as still running.</summary>
    Unknown,
    Running,
    Succeeded,
    Failed,
}
