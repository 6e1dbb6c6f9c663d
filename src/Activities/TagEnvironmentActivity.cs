using System.Text.Json;
using Graduate.Dokku;
using Graduate.Workflows;
using Graduate.Workflows.Contracts;
using Graduate.Workflows.Status;
using Temporalio.Activities;

namespace Graduate.Activities;

/// <summary>
/// Tags the source's environment state repository <c>&lt;dst&gt;/&lt;yyyyMMddHHmmss&gt;</c> (the original plugin's format)
/// with the manifest <c>{"apps":[{"name","sha","previousSha"}]}</c> as the tag message (plus
/// <c>"approval":{"by","note","at"}</c> when the graduation was approved). Idempotent: the plugin
/// accepts the same tag on the same commit again.
/// </summary>
public sealed class TagEnvironmentActivity(DokkuClientFactory clients)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    [Activity(ActivityNames.TagEnvironment)]
    public Task<TagEnvironmentResult> RunAsync(TagEnvironmentInput input) =>
        ActivityFailures.GuardAsync(async ct =>
        {
            var tag = DokkuNames.Tag($"{input.DestinationName}/{input.Timestamp}");
            var manifest = Manifest(input.Apps, input.Approval);
            await clients.Create(input.Source).StateTagAsync(tag, manifest, ct).ConfigureAwait(false);
            return new TagEnvironmentResult(tag, manifest);
        });

    internal static string Manifest(IReadOnlyList<AppPlan> apps, ApprovalStatus? approval = null)
    {
        var listed = apps.Select(a => new { name = a.Name, sha = a.Sha, previousSha = a.PreviousSha });
        return approval is null
            ? JsonSerializer.Serialize(new { apps = listed }, Json)
            : JsonSerializer.Serialize(new { apps = listed, approval = new { by = approval.By, note = approval.Note, at = approval.At } }, Json);
    }
}
