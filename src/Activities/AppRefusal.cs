namespace Graduate.Activities;

/// <summary>Why one app cannot graduate; <paramref name="Reason"/> is a clause that names the app.</summary>
public sealed record AppRefusal(string App, string Reason);
