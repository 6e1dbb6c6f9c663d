using System.Buffers.Binary;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Google.Protobuf;
using Graduate.Temporal.Client;
using Graduate.Temporal.Exceptions;
using Graduate.Temporal.Grpc;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Temporalio.Api.ErrorDetails.V1;
using Temporalio.Api.WorkflowService.V1;

namespace Graduate.Temporal.Tests;

/// <summary>
/// The gRPC transport over TLS: a Kestrel HTTP/2 endpoint that demands a client certificate and an API key,
/// answers GetSystemInfo, and answers DescribeNamespace trailers-only with status details. The dev server
/// speaks no TLS, so this is the one place a stand-in answers; it checks our wire handling, not Temporal.
/// </summary>
public sealed class TlsTransportTests : IAsyncLifetime
{
    private const string ApiKey = "test-key";
    private readonly X509Certificate2 ca = MakeCa();
    private X509Certificate2 server = null!;
    private X509Certificate2 clientCert = null!;
    private WebApplication app = null!;
    private int port;

    public async Task InitializeAsync()
    {
        server = Issue(ca, "localhost", serverAuth: true);
        clientCert = Issue(ca, "graduate-client", serverAuth: false);
        port = Testing.TemporalDevServer.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = server,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (certificate, _, _) => certificate.Thumbprint == clientCert.Thumbprint,
            });
        }));
        app = builder.Build();
        app.MapPost("/temporal.api.workflowservice.v1.WorkflowService/GetSystemInfo", async context =>
        {
            if (context.Request.Headers.Authorization != $"Bearer {ApiKey}")
            {
                context.Response.Headers["grpc-status"] = "16";
                context.Response.Headers["grpc-message"] = "bad%20key";
                return;
            }

            context.Response.ContentType = "application/grpc";
            var body = new GetSystemInfoResponse { ServerVersion = "tls-" + context.Connection.ClientCertificate?.GetNameInfo(X509NameType.SimpleName, false) }.ToByteArray();
            var frame = new byte[5 + body.Length];
            BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)body.Length);
            body.CopyTo(frame, 5);
            await context.Response.Body.WriteAsync(frame);
            context.Response.AppendTrailer("grpc-status", "0");
        });
        app.MapPost("/temporal.api.workflowservice.v1.WorkflowService/DescribeNamespace", context =>
        {
            var status = new Google.Rpc.Status { Code = 5, Message = "Namespace nope is not found." };
            status.Details.Add(Google.Protobuf.WellKnownTypes.Any.Pack(new NamespaceNotFoundFailure { Namespace = "nope" }));
            context.Response.ContentType = "application/grpc";
            context.Response.Headers["grpc-status"] = "5";
            context.Response.Headers["grpc-message"] = "Namespace%20nope%20is%20not%20found.";
            context.Response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray()).TrimEnd('=');
            return Task.CompletedTask;
        });
        await app.StartAsync();
    }

    [Fact]
    public async Task Connect_MutualTlsWithApiKey_CallsSucceedWithClientIdentity()
    {
        using var client = await TemporalClient.ConnectAsync(Options(clientCert, ApiKey));

        Assert.Equal("tls-graduate-client", (await client.GetSystemInfoAsync()).ServerVersion);
    }

    [Fact]
    public async Task Call_WrongApiKey_ThrowsUnauthenticatedFromTrailersOnlyReply()
    {
        using var client = TemporalClient.Create(Options(clientCert, "wrong"));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.GetSystemInfoAsync());

        Assert.Equal(StatusCode.Unauthenticated, error.Code);
        Assert.Equal("bad key", error.Message);
    }

    [Fact]
    public async Task Call_TrailersOnlyNotFoundWithDetails_DecodesStatusMessageAndDetails()
    {
        using var client = TemporalClient.Create(Options(clientCert, ApiKey) with { Namespace = "nope" });

        var error = await Assert.ThrowsAsync<NotFoundException>(() => client.DescribeNamespaceAsync());

        Assert.Equal("Namespace nope is not found.", error.Message);
        Assert.Equal("nope", error.Details!.Details.Single().Unpack<NamespaceNotFoundFailure>().Namespace);
    }

    [Fact]
    public async Task Connect_ServerNotSignedByGivenCa_ThrowsUnavailable()
    {
        using var otherCa = MakeCa();
        var options = Options(clientCert, ApiKey);
        using var client = TemporalClient.Create(options with { Connection = options.Connection with { ServerCa = otherCa, MaxRetries = 0 } });

        await Assert.ThrowsAsync<UnavailableException>(() => client.GetSystemInfoAsync());
    }

    private TemporalClientOptions Options(X509Certificate2 certificate, string apiKey) => new()
    {
        Connection = new GrpcConnectionOptions
        {
            Address = $"localhost:{port}",
            ClientCertificate = certificate,
            ServerCa = ca,
            ApiKey = apiKey,
        },
    };

    private static X509Certificate2 MakeCa()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=graduate-test-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    private static X509Certificate2 Issue(X509Certificate2 issuer, string name, bool serverAuth)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid(serverAuth ? "1.3.6.1.5.5.7.3.1" : "1.3.6.1.5.5.7.3.2")], false));
        if (serverAuth)
        {
            var san = new SubjectAlternativeNameBuilder();
            san.AddDnsName(name);
            request.CertificateExtensions.Add(san.Build());
        }

        var serial = RandomNumberGenerator.GetBytes(8);
        using var issued = request.Create(issuer, issuer.NotBefore, issuer.NotAfter, serial);
        // Kestrel and SslStream need the private key attached and exportable on Linux.
        return X509CertificateLoader.LoadPkcs12(issued.CopyWithPrivateKey(key).Export(X509ContentType.Pkcs12), null);
    }

    public async Task DisposeAsync()
    {
        await app.DisposeAsync();
        server.Dispose();
        clientCert.Dispose();
        ca.Dispose();
    }
}
