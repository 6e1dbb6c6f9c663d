namespace Graduate.Dokku.Transport;

public enum OutputStream
{
    StandardOutput,
    StandardError,
}
