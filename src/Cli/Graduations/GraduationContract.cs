namespace Graduate.Cli.Graduations;

/// <summary>
/// The names the Graduation workflow answers to (src/Workflows). Kept here so the CLI needs none of the
/// workflow's classes; the only shared type is <see cref="Graduate.Workflows.GraduationInput"/>.
/// </summary>
public static class GraduationContract
{
    public const string WorkflowType = "Graduation";

    /// <summary>Workflow ids are <c>graduate-&lt;destination&gt;</c>: one graduation per destination at a time.</summary>
    public const string IdPrefix = "graduate-";

    /// <summary>Query answering the graduation's status as a JSON object.</summary>
    public const string StatusQuery = "status";

    /// <summary>Signal asking the graduation to cancel; one argument: the reason (string or null).</summary>
    public const string CancelSignal = "cancel";

    /// <summary>Update (and signal) letting a graduation in <c>awaiting-approval</c> go live; one argument <c>{note, by}</c>.</summary>
    public const string ApproveUpdate = "approve";

    /// <summary>Update (and signal) refusing it; one argument <c>{reason, by}</c>.</summary>
    public const string RejectUpdate = "reject";

    public static string IdFor(string destination) => IdPrefix + destination;

    /// <summary>Accepts a workflow id or a destination name (<c>production</c> means <c>graduate-production</c>).</summary>
    public static string NormalizeId(string idOrDestination)
    {
        ArgumentNullException.ThrowIfNull(idOrDestination);
        return idOrDestination.StartsWith(IdPrefix, StringComparison.Ordinal) ? idOrDestination : IdFor(idOrDestination);
    }

    public static string WebUiLink(string uiBase, string @namespace, string workflowId) =>
        $"{uiBase}/namespaces/{Uri.EscapeDataString(@namespace)}/workflows/{Uri.EscapeDataString(workflowId)}";

    /// <summary>The page of one run of <paramref name="workflowId"/> (the link without a run shows the latest run).</summary>
    public static string WebUiLink(string uiBase, string @namespace, string workflowId, string runId) =>
        $"{WebUiLink(uiBase, @namespace, workflowId)}/{Uri.EscapeDataString(runId)}/history";
}
