namespace Graduate.Dokku.Models;

/// <summary>One commit in <c>graduate:commits</c>: full sha, first line of the message, <c>Name &lt;email&gt;</c>, author date.</summary>
public sealed record CommitInfo(string Sha, string Subject, string Author, DateTimeOffset? Date);
