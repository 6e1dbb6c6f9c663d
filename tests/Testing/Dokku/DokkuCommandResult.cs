namespace Graduate.Testing;

/// <summary>What a command run against a simulated host printed and returned.</summary>
public sealed record DokkuCommandResult(int ExitCode, string StandardOutput, string StandardError)
{
    public bool Succeeded => ExitCode == 0;

    /// <summary>Throws with both output streams when the command failed.</summary>
    public DokkuCommandResult EnsureSuccess(string description)
    {
        if (ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{description} exited {ExitCode}.{Environment.NewLine}stdout: {StandardOutput}{Environment.NewLine}stderr: {StandardError}");
        }

        return this;
    }
}
