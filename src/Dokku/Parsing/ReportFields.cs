namespace Graduate.Dokku.Parsing;

/// <summary>
/// A Dokku report as a string map. Keys are looked up both bare (<c>deploy-source</c>) and
/// with the plugin prefix (<c>app-deploy-source</c>), because Dokku versions differ in
/// whether <c>--format json</c> strips it.
/// </summary>
internal sealed class ReportFields(IReadOnlyDictionary<string, string?> values, string prefix)
{
    public IReadOnlyDictionary<string, string?> Values => values;

    public string? Get(string key)
    {
        if (values.TryGetValue(key, out var value) || values.TryGetValue(prefix + "-" + key, out value))
        {
            return string.IsNullOrEmpty(value) ? null : value;
        }

        return null;
    }

    public bool? GetBool(string key) => Get(key)?.Trim().ToUpperInvariant() switch
    {
        null => null,
        "TRUE" or "YES" or "1" => true,
        "FALSE" or "NO" or "0" => false,
        _ => null,
    };
}
