namespace Graduate.Dokku.Models;

/// <summary>One tag of the environment state repo, newest first in <c>graduate:state-tags</c>.</summary>
public sealed record StateTag(string Tag, string Message);
