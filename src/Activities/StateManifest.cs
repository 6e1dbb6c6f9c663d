using System.Text.Json;
using Graduate.Dokku;
using Graduate.Dokku.Exceptions;
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

    /// <summary>
    /// Apps whose release in <paramref name="manifest"/> is no longer in their repository on the source, so it cannot be
    /// pushed again (one <c>graduate:commits</c> per app, at once); shared by preflight and <c>graduate rollback</c>'s plan.
    /// </summary>
    public static async Task<IReadOnlyList<AppRefusal>> UndeployableAsync(DokkuClient source, Workflows.EnvironmentRef environment, StateManifest manifest, IReadOnlyList<AppPlan> apps, CancellationToken ct)
    {
        var found = await Task.WhenAll(apps.Select(async app =>
        {
            try
            {
                await source.GetCommitsAsync(app.Name, app.Sha, app.Sha, ct).ConfigureAwait(false);
                return null;
            }
            catch (DokkuCommandException e)
            {
                return new AppRefusal(app.Name, $"{app.Name}'s release {app.Sha[..Math.Min(12, app.Sha.Length)]} in {manifest.Tag} can no longer be deployed from {environment.Name} ({(e.ErrorMessage.Length > 0 ? e.ErrorMessage : e.Message)})");
            }
        })).ConfigureAwait(false);
        return [.. found.OfType<AppRefusal>()];
    }

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
