using System.Text.Json;
using Graduate.Cli.Graduations;
using Spectre.Console.Testing;

namespace Graduate.Cli.Tests;

/// <summary>What a person sees in a terminal: one view redrawn in place, then the outcome below it.</summary>
public sealed class LiveViewTests
{
    [Fact]
    public async Task Run_ThreeStatusesThenTheEnd_RedrawsInPlaceAndLeavesTheOutcome()
    {
        var console = new TestConsole().Interactive().EmitAnsiSequences();
        console.Profile.Width = 120;
        var view = new LiveView(console, TimeProvider.System);
        string[] phases = ["staging", "post-hooks", "going-live"];

        var code = await view.RunAsync(async () =>
        {
            foreach (var phase in phases)
            {
                await view.ShowAsync(Status(phase), [new ActivityOutput("RunPostHook", "post-1", ["migrated schema 1 -> 2"])], DateTimeOffset.UtcNow);
            }

            await view.EndAsync("graduate-production", "completed", null, null, DateTimeOffset.UtcNow);
            return 7;
        });

        var output = console.Output;
        Assert.Equal(7, code);
        Assert.Contains("\u001b[", output, StringComparison.Ordinal); // cursor movement: redrawn, not appended
        Assert.Contains("going-live", output, StringComparison.Ordinal);
        Assert.Contains("migrated schema 1 -> 2", output, StringComparison.Ordinal);
        var afterLive = output[output.LastIndexOf("going-live", StringComparison.Ordinal)..];
        Assert.Contains("graduate-production", afterLive, StringComparison.Ordinal);
        Assert.Contains("completed", afterLive, StringComparison.Ordinal);
    }

    private static JsonElement Status(string phase) => JsonSerializer.SerializeToElement(new
    {
        source = "staging",
        destination = "production",
        phase,
        startedAt = DateTimeOffset.UtcNow.AddSeconds(-5),
        apps = new[] { new { name = "portal", sha = "aaaaaaaaaaaaaaaa", state = "staged", pushStartedAt = DateTimeOffset.UtcNow.AddSeconds(-4) } },
        hooks = new[] { new { kind = "POST", index = 1, command = "./migrate", state = "running" } },
        errors = Array.Empty<string>(),
    });
}
