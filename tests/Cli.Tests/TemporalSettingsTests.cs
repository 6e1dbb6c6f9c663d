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
    private readonly ServiceProvider services = GraduateCli.BuildServices(new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>()));
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
        var settings = Resolve("list", new Dictionary<string, string> { ["HOME"] = dir }, new GraduateConfig());

        Assert.Equal(("localhost:7233", "default", "graduate"), (settings.Address, settings.Namespace, settings.TaskQueue));
        Assert.False(settings.ServerChosen);
        Assert.Null(settings.Profile.ApiKey);
        Assert.Null(settings.Profile.Tls);
    }

    [Fact]
    public void Resolve_FlagOverVariableOverGraduateYmlOverTemporalProfile()
    {
        var toml = Path.Combine(dir, "temporal.toml");
        File.WriteAllText(toml, "[profile.default]\naddress = \"toml:0\"\nnamespace = \"toml-ns\"\napi_key = \"toml-key\"\n");
        var config = new GraduateConfig { Temporal = new TemporalSection { Address = "yml:1", Namespace = "yml-ns", TaskQueue = "yml-q" } };
        var variables = new Dictionary<string, string>
        {
            ["TEMPORAL_CONFIG_FILE"] = toml,
            ["TEMPORAL_NAMESPACE"] = "env-ns",
            ["TEMPORAL_TLS_SERVER_CA_CERT_PATH"] = "/ca.pem",
        };

        var settings = Resolve("list --address flag:3", variables, config);

        Assert.Equal("flag:3", settings.Address);
        Assert.Equal("env-ns", settings.Namespace);
        Assert.Equal("yml-q", settings.TaskQueue);
        Assert.Equal("toml-key", settings.Profile.ApiKey);
        Assert.Equal("/ca.pem", settings.Profile.Tls?.ServerRootCACert?.Path);
        Assert.Equal(("yml:1", "yml-ns"), (Resolve("list", new() { ["TEMPORAL_CONFIG_FILE"] = toml }, config) is var fromYml ? (fromYml.Address, fromYml.Namespace) : default));
    }

    [Fact]
    public void Resolve_TemporalProfileChosenByVariableOrFlag_ReadsThatProfileOfTheDefaultFile()
    {
        var home = Path.Combine(dir, "home");
        Directory.CreateDirectory(Path.Combine(home, ".config", "temporalio"));
        File.WriteAllText(
            Path.Combine(home, ".config", "temporalio", "temporal.toml"),
            "[profile.default]\naddress = \"default:7233\"\n[profile.cloud]\naddress = \"cloud.example:7233\"\nnamespace = \"prod.acct\"\napi_key = \"secret\"\n");

        var byDefault = Resolve("list", new() { ["HOME"] = home }, new GraduateConfig());
        var byVariable = Resolve("list", new() { ["HOME"] = home, ["TEMPORAL_PROFILE"] = "cloud" }, new GraduateConfig());
        var byFlag = Resolve("list --profile cloud", new() { ["HOME"] = home }, new GraduateConfig());

        Assert.Equal("default:7233", byDefault.Address);
        Assert.True(byDefault.ServerChosen);
        Assert.Equal(("cloud.example:7233", "prod.acct", "secret"), (byVariable.Address, byVariable.Namespace, byVariable.Profile.ApiKey));
        Assert.Equal(byVariable, byFlag);
        var options = byFlag.ToConnectOptions();
        Assert.Equal("secret", options.ApiKey);
        Assert.NotNull(options.Tls);
        Assert.Equal("cloud.example:7233", options.TargetHost);
    }

    [Theory]
    [InlineData("TEMPORAL_PROFILE", "nope", "Profile 'nope' not found")]
    [InlineData("TEMPORAL_CONFIG_FILE", "/nonexistent/temporal.toml", "does not exist")]
    public async Task AnyTemporalCommand_UnusableTemporalProfile_ExitsWithConfigurationError(string variable, string value, string message)
    {
        using var home = new GraduateHome();
        var toml = Path.Combine(home.Directory, ".config", "temporalio", "temporal.toml");
        Directory.CreateDirectory(Path.GetDirectoryName(toml)!);
        File.WriteAllText(toml, "[profile.default]\naddress = \"127.0.0.1:1\"\n");
        home.Set(variable, value);

        var result = await home.RunAsync("list");

        Assert.Equal(ExitCodes.ConfigurationError, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ResolveUi_Unset_IsTheAddressHostOnTheDevServerUiPort()
    {
        var root = services.GetRequiredService<GraduateRootCommand>();
        var context = new CliContext(TextWriter.Null, TextWriter.Null, new Dictionary<string, string>());
        var parse = root.Parse("list");

        var ui = TemporalOptions.ResolveUi(parse, context, new GraduateConfig(), new TemporalSettings { Profile = new(Address: "10.1.2.3:7233") });

        Assert.Equal("http://10.1.2.3:8233", ui);
    }

    [Fact]
    public void ToConnectOptions_CertAndKeyFilesByFlag_SendsThemForMutualTls()
    {
        var (cert, key) = WriteSelfSigned();

        var settings = Resolve($"list --tls-cert-path {cert} --tls-key-path {key} --tls-ca-path {cert}", new(), new GraduateConfig());
        var options = settings.ToConnectOptions();

        Assert.True(settings.ServerChosen);
        Assert.Equal(File.ReadAllBytes(cert), options.Tls?.ClientCert);
        Assert.Equal(File.ReadAllBytes(key), options.Tls?.ClientPrivateKey);
        Assert.Equal(File.ReadAllBytes(cert), options.Tls?.ServerRootCACert);
    }

    [Fact]
    public void ToConnectOptions_KeyThatIsNotTheCertificates_IsAConfigurationError()
    {
        var (cert, _) = WriteSelfSigned();
        var other = Path.Combine(dir, "other.key");
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            File.WriteAllText(other, key.ExportPkcs8PrivateKeyPem());
        }

        var settings = Resolve("list", new() { ["TEMPORAL_TLS_CLIENT_CERT_PATH"] = cert, ["TEMPORAL_TLS_CLIENT_KEY_PATH"] = other }, new GraduateConfig());

        var error = Assert.Throws<TemporalSettingsException>(settings.ToConnectOptions);
        Assert.Contains("could not be loaded", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TEMPORAL_TLS_CLIENT_CERT_PATH", "Only one of the client certificate")]
    [InlineData("TEMPORAL_TLS_SERVER_CA_CERT_PATH", "does not exist")]
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
        home.Set("TEMPORAL_ADDRESS", "127.0.0.1:" + Graduate.Worker.LoopbackPorts.Free());

        var result = await home.RunAsync("list");

        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("Cannot reach Temporal at 127.0.0.1:", result.Error, StringComparison.Ordinal);
        Assert.Contains("temporal server start-dev", result.Error, StringComparison.Ordinal);
    }

    private TemporalSettings Resolve(string commandLine, Dictionary<string, string> variables, GraduateConfig config)
    {
        var root = services.GetRequiredService<GraduateRootCommand>();
        variables.TryAdd("HOME", dir);
        var context = new CliContext(TextWriter.Null, TextWriter.Null, variables);
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
