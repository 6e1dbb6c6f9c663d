namespace Graduate.Dokku.Exceptions;

/// <summary>Why ssh refused the host key.</summary>
public enum HostKeyProblem
{
    /// <summary>known_hosts holds a different key for this host: possibly an attack.</summary>
    Changed,

    /// <summary>known_hosts holds no key for this host and strict checking is on.</summary>
    Unknown,
}
