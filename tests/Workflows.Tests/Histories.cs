using System.Runtime.CompilerServices;
using Graduate.Testing;
using Temporalio.Client;
using Temporalio.Common;
using Temporalio.Worker;

namespace Graduate.Workflows.Tests;

/// <summary>
/// Histories of real graduations, replayed with the SDK's <see cref="WorkflowReplayer"/>: each scenario replays its
/// own history, and the ones committed under tests/Workflows.Tests/Histories are replayed in CI (ReplayTests), so a
/// change to the workflow that breaks a running graduation fails a test. Set <c>GRADUATE_RECORD_HISTORIES</c> to a
/// directory to write each scenario's history there (named for its test) when adding or renewing them.
/// </summary>
internal static class Histories
{
    public const string RecordVariable = "GRADUATE_RECORD_HISTORIES";

    public static string Directory => Path.Combine(Repository.Root, "tests", "Workflows.Tests", "Histories");

    /// <summary>
    /// A replayer of <typeparamref name="TWorkflow"/>. Debug mode turns off the SDK's deadlock detection (a workflow task
    /// taking over 2 s): replay checks determinism, not speed, and the first replay in a process (JIT) on a loaded
    /// machine took longer (CI, load 23: "[TMPRL1101] ... deadlocked after 00:00:02").
    /// </summary>
    public static WorkflowReplayer Replayer<TWorkflow>() => new(
        new WorkflowReplayerOptions { DataConverter = GraduateDataConverter.Instance, DebugMode = true }.AddWorkflow<TWorkflow>());

    /// <summary>Fetches the finished run's history, writes it when recording, and replays it (throws on non-determinism).</summary>
    public static async Task RecordAndReplayAsync(WorkflowHandle handle, CancellationToken ct, [CallerMemberName] string scenario = "")
    {
        var history = await handle.FetchHistoryAsync(new() { Rpc = new() { CancellationToken = ct } });
        if (Environment.GetEnvironmentVariable(RecordVariable) is { Length: > 0 } directory)
        {
            System.IO.Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, scenario + ".json"), history.ToJson(), ct);
        }

        await Replayer<GraduationWorkflow>().ReplayWorkflowAsync(history);
    }

    /// <summary>The committed histories (file name without .json) for theories.</summary>
    public static IEnumerable<string> Committed() =>
        System.IO.Directory.Exists(Directory)
            ? System.IO.Directory.GetFiles(Directory, "*.json").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!
            : [];

    public static WorkflowHistory Load(string name) =>
        WorkflowHistory.FromJson("graduate-" + name, File.ReadAllText(Path.Combine(Directory, name + ".json")));
}
