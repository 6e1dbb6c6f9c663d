namespace Graduate.Dokku.Transport;

/// <summary>One line a remote command printed, in the order it arrived.</summary>
public sealed record OutputLine(OutputStream Stream, string Text);
