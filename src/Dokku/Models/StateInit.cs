namespace Graduate.Dokku.Models;

/// <summary>
/// <c>graduate:state-init</c>: the repo's status after the first snapshot, and whether its history still
/// holds config values written by an older plugin (the plugin's stderr says how to purge them).
/// </summary>
public sealed record StateInit(bool Clean, IReadOnlyList<string> Dirty, bool ConfigValuesInHistory);
