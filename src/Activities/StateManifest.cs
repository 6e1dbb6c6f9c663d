using System.Text.Json;
using Graduate.Dokku;
using Graduate.Dokku.Models;
using Graduate.Workflows.Contracts;

namespace Graduate.Activities;

/// <summary>
/// An environment state tag read back: the manifest <see cref="TagEnvironmentActivity"/> wrote as its message
/// (each app's release and the one before it, who approved it, which tag a rollback put back).
/// </summary>
/// <param name="Tag">The tag, <c>&lt;env&gt;/&lt;yyyyMMddHHmmss&gt;</c>.</param>
/// <param name="Apps">Each app and its release; empty when the message is not a manifest (a tag made by hand).</param>
/// <param name="ApprovedBy">Who approved the graduation that wrote it, if one was required.</param>
/// <param name="RollbackTo">The tag it rolled back to, when a rollback wrote it.</param>
public sealed record StateManifest(string Tag, IReadOnlyList<AppPlan> Apps, string? ApprovedBy, string? RollbackTo)
{
    /// <summary>Reads a tag's manifest; a message that is not one (or an app entry without a valid sha) gives no apps.</summary>
    public static StateManifest Read(StateTag tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        try
        {
            using var document = JsonDocument.Parse(tag.Message);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new StateManifest(tag.Tag, [], null, null);
            }

            var apps = new List<AppPlan>();
            if (root.TryGetProperty("apps", out var listed) && listed.ValueKind == JsonValueKind.Array)
            {
                foreach (var app in listed.EnumerateArray())
                {
                    var name = Text(app, "name");
                    var sha = Text(app, "sha");
                    if (name is not null && DokkuNames.IsValidApp(name) && sha is not null && DokkuNames.IsValidSha(sha))
                    {
                        apps.Add(new AppPlan(name, sha, Text(app, "previousSha")));
                    }
                }
            }

            var approvedBy = root.TryGetProperty("approval", out var approval) ? Text(approval, "by") : null;
            return new StateManifest(tag.Tag, apps, approvedBy, Text(root, "rollbackTo"));
        }
        catch (JsonException)
        {
            return new StateManifest(tag.Tag, [], null, null);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
