namespace Graduate.Dokku.Models;

public enum JobKind
{
    Unknown,
    Push,
    Hook,
}
