namespace Graduate.Dokku.Transport;

public enum EnvironmentUrlKind
{
    /// <summary>Reached with the system ssh client.</summary>
    Ssh,

    /// <summary>A simulated host directory run as a local process (demo and tests).</summary>
    Local,
}
