namespace Graduate.Temporal.Exceptions;

/// <summary>
/// A failure raised on purpose by workflow or activity code. <see cref="Type"/> names the kind of failure
/// for callers to branch on; <see cref="NonRetryable"/> stops activity retries.
/// </summary>
public class ApplicationFailureException : FailureException
{
    public ApplicationFailureException(
        string message, string? type = null, bool nonRetryable = false, object? details = null, Exception? inner = null)
        : base(message, inner)
    {
        Type = type ?? nameof(ApplicationFailureException);
        NonRetryable = nonRetryable;
        DetailsValue = details;
    }

    /// <summary>The failure's type name (e.g. <c>HookFailed</c>).</summary>
    public string Type { get; }

    /// <summary>Whether retrying the activity is pointless.</summary>
    public bool NonRetryable { get; }

    /// <summary>The details value given when raising (null after decoding: use <see cref="GetDetails{T}"/>).</summary>
    public object? DetailsValue { get; }

    /// <summary>Encoded details, when decoded from a failure.</summary>
    internal Temporalio.Api.Common.V1.Payloads? EncodedDetails { get; init; }

    /// <summary>Reads the first detail as <typeparamref name="T"/>.</summary>
    public T? GetDetails<T>()
    {
        if (DetailsValue is T t)
        {
            return t;
        }

        return EncodedDetails is { Payloads_.Count: > 0 } payloads
            ? Converters.PayloadConverter.Decode<T>(payloads.Payloads_[0])
            : default;
    }
}
