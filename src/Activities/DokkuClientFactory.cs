using Graduate.Dokku;
using Graduate.Dokku.Transport;
using Graduate.Workflows;

namespace Graduate.Activities;

/// <summary>
/// Builds a <see cref="DokkuClient"/> for an environment. The transport options are the worker's (tests add
/// <c>-F &lt;ssh config&gt;</c> through <see cref="TransportOptions.ExtraSshArguments"/>).
/// </summary>
public sealed class DokkuClientFactory(TransportOptions? options = null)
{
    public TransportOptions Options { get; } = options ?? new TransportOptions();

    /// <summary>A client for <paramref name="environment"/>; a URL that does not parse is a non-retryable failure.</summary>
    public DokkuClient Create(EnvironmentRef environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        if (!EnvironmentUrl.TryParse(environment.Url, out var url, out var error))
        {
            throw ActivityFailures.InvalidInput($"Environment {environment.Name}: {error}");
        }

        return new DokkuClient(DokkuTransports.Create(url, Options));
    }
}
