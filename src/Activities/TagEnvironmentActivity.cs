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
/// <c>"approval":{"by","note","at"}</c> when the graduation was approved, and <c>"rollbackTo":TAG</c> for a rollback). Idempotent: the plugin
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
            var manifest = Manifest(input.Apps, input.Approval, input.RollbackTo);
            await clients.Create(input.Source).StateTagAsync(tag, manifest, ct).ConfigureAwait(false);
            return new TagEnvironmentResult(tag, manifest);
        });

    internal static string Manifest(IReadOnlyList<AppPlan> apps, ApprovalStatus? approval = null, string? rollbackTo = null)
    {
        var manifest = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["apps"] = apps.Select(a => new { name = a.Name, sha = a.Sha, previousSha = a.PreviousSha }),
        };
        if (approval is not null)
        {
            manifest["approval"] = new { by = approval.By, note = approval.Note, at = approval.At };
        }

        if (rollbackTo is not null)
        {
            manifest["rollbackTo"] = rollbackTo;
        }

        return JsonSerializer.Serialize(manifest, Json);
    }
}
