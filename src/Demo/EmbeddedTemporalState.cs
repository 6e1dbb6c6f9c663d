namespace Graduate.Demo;

/// <summary>What <c>temporal/server.json</c> under the data directory remembers about the embedded server.</summary>
/// <param name="Address">The frontend, host:port.</param>
/// <param name="Port">The frontend's port (reused on the next start when free).</param>
/// <param name="UiPort">The Web UI's port.</param>
/// <param name="Pid">The server's process id.</param>
/// <param name="DbFile">The SQLite file the server keeps its data in.</param>
public sealed record EmbeddedTemporalState(string Address, int Port, int UiPort, int Pid, string DbFile);
