using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Graduate.Temporal.Exceptions;

namespace Graduate.Temporal.Grpc;

/// <summary>
/// Unary gRPC over <see cref="HttpClient"/> HTTP/2: all a Temporal client and worker need, since
/// Grpc.Net.Client cannot be installed here. One instance is shared by every call (HTTP/2 multiplexes).
/// </summary>
internal sealed class GrpcConnection : IDisposable
{
    private static readonly MediaTypeHeaderValue GrpcContentType = new("application/grpc");
    private readonly HttpClient http;
    private readonly GrpcConnectionOptions options;
    private readonly Uri baseUri;

    public GrpcConnection(GrpcConnectionOptions options)
    {
        this.options = options;
        var handler = new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(20),
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
        if (options.UsesTls)
        {
            handler.SslOptions = BuildSslOptions(options);
        }

        http = new HttpClient(handler)
        {
            DefaultRequestVersion = HttpVersion.Version20,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = Timeout.InfiniteTimeSpan,
        };
        baseUri = new Uri((options.UsesTls ? "https://" : "http://") + options.Address);
    }

    /// <summary>Performs one unary call, retrying UNAVAILABLE with backoff when the call is idempotent.</summary>
    public async Task<TResponse> UnaryAsync<TResponse>(
        string service, string method, IMessage request, MessageParser<TResponse> parser, GrpcCallOptions call, CancellationToken ct)
        where TResponse : IMessage<TResponse>
    {
        var delay = options.InitialRetryDelay;
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SendOnceAsync(service, method, request, parser, call.Timeout, ct).ConfigureAwait(false);
            }
            catch (UnavailableException) when (call.Idempotent && attempt < options.MaxRetries && !ct.IsCancellationRequested)
            {
                var jitter = Random.Shared.NextDouble() * 0.2 * delay.TotalMilliseconds;
                await Task.Delay(delay + TimeSpan.FromMilliseconds(jitter), ct).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            }
        }
    }

    private async Task<TResponse> SendOnceAsync<TResponse>(
        string service, string method, IMessage request, MessageParser<TResponse> parser, TimeSpan timeout, CancellationToken ct)
        where TResponse : IMessage<TResponse>
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(baseUri, $"/{service}/{method}"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(Frame(request)),
        };
        message.Content.Headers.ContentType = GrpcContentType;
        message.Headers.TryAddWithoutValidation("te", "trailers");
        message.Headers.TryAddWithoutValidation("grpc-timeout", FormatTimeout(timeout));
        message.Headers.TryAddWithoutValidation("user-agent", "graduate-temporal/1.0");
        if (options.ApiKey is { } key)
        {
            message.Headers.TryAddWithoutValidation("authorization", "Bearer " + key);
        }

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new DeadlineExceededException($"{method} did not answer within {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            throw new UnavailableException($"cannot reach Temporal at {options.Address}: {e.Message}", inner: e);
        }

        using (response)
        {
            byte[] body;
            try
            {
                body = await response.Content.ReadAsByteArrayAsync(deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new DeadlineExceededException($"{method} did not answer within {timeout.TotalSeconds:0.###} s");
            }
            catch (HttpRequestException e)
            {
                throw new UnavailableException($"connection to Temporal at {options.Address} broke: {e.Message}", inner: e);
            }

            if (response.StatusCode != HttpStatusCode.OK)
            {
                var code = response.StatusCode is HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout
                    ? StatusCode.Unavailable
                    : StatusCode.Unknown;
                throw RpcException.From(code, $"{method}: HTTP {(int)response.StatusCode} from {options.Address}", null);
            }

            // A trailers-only reply carries the status in the headers.
            var status = Header(response.TrailingHeaders, "grpc-status") ?? Header(response.Headers, "grpc-status");
            if (status is null)
            {
                throw new RpcException(StatusCode.Internal, $"{method}: the reply has no grpc-status");
            }

            var code2 = (StatusCode)int.Parse(status, CultureInfo.InvariantCulture);
            if (code2 != StatusCode.OK)
            {
                var text = Header(response.TrailingHeaders, "grpc-message") ?? Header(response.Headers, "grpc-message") ?? code2.ToString();
                var detailsBin = Header(response.TrailingHeaders, "grpc-status-details-bin") ?? Header(response.Headers, "grpc-status-details-bin");
                Google.Rpc.Status? details = null;
                if (detailsBin is not null)
                {
                    details = Google.Rpc.Status.Parser.ParseFrom(DecodeBase64(detailsBin));
                }

                throw RpcException.From(code2, Uri.UnescapeDataString(text), details);
            }

            return Unframe(body, parser, method);
        }
    }

    private static byte[] Frame(IMessage request)
    {
        var size = request.CalculateSize();
        var buffer = new byte[5 + size];
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(1, 4), (uint)size);
        request.WriteTo(buffer.AsSpan(5));
        return buffer;
    }

    private static TResponse Unframe<TResponse>(byte[] body, MessageParser<TResponse> parser, string method)
        where TResponse : IMessage<TResponse>
    {
        if (body.Length < 5)
        {
            throw new RpcException(StatusCode.Internal, $"{method}: OK status but no message");
        }

        if (body[0] != 0)
        {
            throw new RpcException(StatusCode.Internal, $"{method}: compressed replies are not supported");
        }

        var length = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(1, 4));
        return parser.ParseFrom(body, 5, length);
    }

    private static string? Header(HttpHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static byte[] DecodeBase64(string text)
    {
        // gRPC sends -bin headers unpadded.
        var padded = text.Length % 4 == 0 ? text : text + new string('=', 4 - (text.Length % 4));
        return Convert.FromBase64String(padded);
    }

    private static string FormatTimeout(TimeSpan timeout)
    {
        var ms = Math.Max(1, (long)Math.Ceiling(timeout.TotalMilliseconds));
        return ms < 100_000_000 ? ms.ToString(CultureInfo.InvariantCulture) + "m"
            : (ms / 1000).ToString(CultureInfo.InvariantCulture) + "S";
    }

    private static SslClientAuthenticationOptions BuildSslOptions(GrpcConnectionOptions options)
    {
        var ssl = new SslClientAuthenticationOptions
        {
            ApplicationProtocols = [SslApplicationProtocol.Http2],
        };
        if (options.ServerName is { } name)
        {
            ssl.TargetHost = name;
        }

        if (options.ClientCertificate is { } cert)
        {
            ssl.ClientCertificates = [cert];
        }

        if (options.ServerCa is { } ca)
        {
            ssl.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }

                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            };
        }

        return ssl;
    }

    public void Dispose() => http.Dispose();
}
