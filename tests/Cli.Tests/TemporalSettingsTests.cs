using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Graduate.Cli.Commands;
using Graduate.Cli.Configuration;
using Graduate.Cli.Temporal;
using Graduate.Worker;
using Microsoft.Extensions.DependencyInjection;

namespace Graduate.Cli.Tests;

public sealed class TemporalSettingsTests : IDisposable
{
    private readonly ServiceProvider services = GraduateCli.BuildServices(new CliContext(TextWriter.Null, TextWriter.Null, _ => null));
    private readonly string dir = Directory.CreateTempSubdirectory("graduate-tls-").FullName;

    [Fact]
    public void Defaults_ArePinned()
    {
        Assert.Equal("localhost:7233", GraduateDefaults.TemporalAddress);
        Assert.Equal("default", GraduateDefaults.Namespace);
        Assert.Equal("graduate", GraduateDefaults.TaskQueue);
        Assert.Equal(8233, GraduateDefaults.WebUiPort);
        Assert.Equal(
            [0, 1, 2, 3, 4, 5, 130],
            new[] { ExitCodes.Succeeded, ExitCodes.GraduationFailed, ExitCodes.UsageError, ExitCodes.Canceled, ExitCodes.ConfigurationError, ExitCodes.Unreachable, ExitCodes.Interrupted });
    }

    [Fact]
    public void Resolve_NothingSet_UsesTheDefaults()
    {
        var settings = Resolve("list", new Dictionary<string, string>(), new GraduateConfig());

        Assert.Equal(new TemporalSettings(), settings);
    }

    [Fact]
    public void Resolve_FlagOverVariableOverFile()
    {
        var config = new GraduateConfig { Temporal = new TemporalSection { Address = "file:1", Namespace = "file-ns", TaskQueue = "file-q" } };
        var variables = new Dictionary<string, string>
        {
            ["TEMPORAL_ADDRESS"] = "env:2",
            ["TEMPORAL_NAMESPACE"] = "env-ns",
            ["TEMPORAL_API_KEY"] = "key",
            ["TEMPORAL_TLS_CA"] = "/ca.pem",
        };

        var settings = Resolve("list --address flag:3", variables, config);

        Assert.Equal("flag:3", settings.Address);
        Assert.Equal("env-ns", settings.Namespace);
        Assert.Equal("file-q", settings.TaskQueue);
        Assert.Equal("key", settings.ApiKey);
        Assert.Equal("/ca.pem", settings.TlsCaPath);
    }

    [Fact]
    public void ResolveUi_Unset_IsTheAddressHostOnTheDevServerUiPort()
    {
        var root = services.GetRequiredService<GraduateRootCommand>();
        var context = new CliContext(TextWriter.Null, TextWriter.Null, _ => null);
        var parse = root.Parse("list");

        var ui = TemporalOptions.ResolveUi(parse, context, new GraduateConfig(), new TemporalSettings { Address = "10.1.2.3:7233" });

        Assert.Equal("http://10.1.2.3:8233", ui);
    }

    [Fact]
    public void ToClientOptions_CertAndKeyFiles_BuildsAClientCertificateWithItsKey()
    {
        var (cert, key) = WriteSelfSigned();

        var options = new TemporalSettings { TlsCertPath = cert, TlsKeyPath = key, TlsCaPath = cert }.ToClientOptions();

        Assert.NotNull(options.Connection.ClientCertificate);
        Assert.True(options.Connection.ClientCertificate!.HasPrivateKey);
        Assert.NotNull(options.Connection.ServerCa);
    }

    [Theory]
    [InlineData("TEMPORAL_TLS_CERT", "Only one of the client certificate")]
    [InlineData("TEMPORAL_TLS_CA", "does not exist")]
    [InlineData("TEMPORAL_TLS", "is not a boolean")]
    public async Task AnyTemporalCommand_UnusableTlsSetting_ExitsWithConfigurationError(string variable, string message)
    {
        using var home = new GraduateHome();
        home.Set(variable, variable == "TEMPORAL_TLS" ? "maybe" : Path.Combine(dir, "missing.pem"));

        var result = await home.RunAsync("list");

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyTemporalCommand_NothingListening_ExitsUnreachableSayingHowToStartOne()
    {
        using var home = new GraduateHome();
        home.Set("TEMPORAL_ADDRESS", "127.0.0.1:" + Graduate.Testing.TemporalDevServer.FreePort());

        var result = await home.RunAsync("list");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("Cannot reach Temporal at 127.0.0.1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("temporal server start-dev", result.Error, StringComparison.Ordinal);
    }

    private TemporalSettings Resolve(string commandLine, Dictionary<string, string> variables, GraduateConfig config)
    {
        var root = services.GetRequiredService<GraduateRootCommand>();
        var context = new CliContext(TextWriter.Null, TextWriter.Null, name => variables.TryGetValue(name, out var v) ? v : null);
        return TemporalOptions.Resolve(root.Parse(commandLine), context, config);
    }

    private (string Cert, string Key) WriteSelfSigned()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=graduate-test", key, HashAlgorithmName.SHA256);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var certPath = Path.Combine(dir, "client.pem");
        var keyPath = Path.Combine(dir, "client.key");
        File.WriteAllText(certPath, certificate.ExportCertificatePem());
        File.WriteAllText(keyPath, key.ExportPkcs8PrivateKeyPem());
        return (certPath, keyPath);
    }

    public void Dispose()
    {
        services.Dispose();
        Directory.Delete(dir, recursive: true);
    }
}
