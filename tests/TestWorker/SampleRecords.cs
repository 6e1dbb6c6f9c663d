namespace Graduate.TestWorker;

/// <summary>Input of <see cref="SampleWorkflow"/>; as JSON: {"name":"x","timerMs":100,"waitForApproval":true}.</summary>
public sealed record SampleInput(string Name, int TimerMs = 100, bool WaitForApproval = true);

/// <summary>Result of <see cref="SampleWorkflow"/>.</summary>
public sealed record SampleResult(string Name, IReadOnlyList<string> Echoes, string? ApprovedBy);

/// <summary>Input of the Fail activity.</summary>
public sealed record FailInput(string Message, string Type, bool NonRetryable);
