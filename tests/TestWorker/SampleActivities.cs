using Graduate.Temporal.Activities;
using Graduate.Temporal.Exceptions;

namespace Graduate.TestWorker;

/// <summary>Activities of the sample workflows. Step leaves a file per run in <paramref name="markerDir"/>.</summary>
public sealed class SampleActivities(string markerDir)
{
    [Activity("Echo")]
    public string Echo(string text) => text;

    [Activity("Fail")]
    public void Fail(FailInput input) => throw new ApplicationFailureException(input.Message, input.Type, input.NonRetryable);

    [Activity("Flaky")]
    public string Flaky(int failures)
    {
        var attempt = ActivityExecutionContext.Current.Info.Attempt;
        return attempt <= failures
            ? throw new InvalidOperationException($"attempt {attempt} fails on purpose")
            : $"attempt {attempt}";
    }

    [Activity("Sleep")]
    public async Task SleepAsync(int milliseconds, CancellationToken ct)
    {
        var until = DateTime.UtcNow.AddMilliseconds(milliseconds);
        while (DateTime.UtcNow < until)
        {
            ActivityExecutionContext.Current.Heartbeat();
            await Task.Delay(100, ct);
        }
    }

    /// <summary>Records each run as a file; "*-wait" steps wait (heartbeating) until a ".release" file appears.</summary>
    [Activity("Step")]
    public async Task<string> StepAsync(string key, CancellationToken ct)
    {
        var context = ActivityExecutionContext.Current;
        var path = Path.Combine(markerDir, key.Replace('/', '_'));
        await File.AppendAllTextAsync(path + ".ran", $"{context.Info.Attempt} {Environment.ProcessId}\n", ct);
        if (key.EndsWith("-wait", StringComparison.Ordinal))
        {
            try
            {
                while (!File.Exists(path + ".release"))
                {
                    context.Heartbeat();
                    await Task.Delay(50, ct);
                }
            }
            catch (OperationCanceledException)
            {
                await File.WriteAllTextAsync(path + ".canceled", context.CancelReason.ToString(), CancellationToken.None);
                throw;
            }
        }

        return key;
    }
}
