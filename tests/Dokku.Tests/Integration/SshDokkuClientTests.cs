using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Dokku.Tests.Support;
using Graduate.Dokku.Transport;
using Graduate.Testing;

namespace Graduate.Dokku.Tests.Integration;

/// <summary>The client contract over real ssh, plus what only ssh has: host keys, deploys, pushes between hosts.</summary>
[Collection(SimulatedHostsCollection.Name)]
public sealed class SshDokkuClientTests(SimulatedHosts hosts) : DokkuClientContractTests(hosts)
{
    protected override DokkuClient CreateClient() => ClientFor(Hosts.Alpha, Hosts.ClientSshConfigPath);

    [Fact]
    public async Task AnyCall_WrongKeyInKnownHosts_ThrowsHostKeyChangedWithAdvice()
    {
        // The alpha alias paired with beta's host key: exactly what an intercepted connection looks like.
        var betaKey = string.Join(' ', File.ReadAllText(Path.Combine(Hosts.Beta.Root, "etc", "ssh_host_ed25519_key.pub")).Trim().Split(' ')[..2]);
        var config = Hosts.WriteClientConfigWithKnownHosts($"{Hosts.Alpha.Alias} {betaKey}\n");

        var error = await Assert.ThrowsAsync<DokkuHostKeyException>(() => ClientFor(Hosts.Alpha, config).ListAppsAsync(None));

        Assert.Equal(HostKeyProblem.Changed, error.Problem);
        Assert.False(error.IsTransient);
        Assert.Contains($"ssh-keygen -R {Hosts.Alpha.Alias}", error.Message, StringComparison.Ordinal);
        Assert.Contains("REMOTE HOST IDENTIFICATION HAS CHANGED", error.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCall_HostNotInKnownHosts_RefusedUnlessAcceptNewAsked()
    {
        var config = Hosts.WriteClientConfigWithKnownHosts("");

        var error = await Assert.ThrowsAsync<DokkuHostKeyException>(() => ClientFor(Hosts.Alpha, config).ListAppsAsync(None));
        var accepted = await ClientFor(Hosts.Alpha, config, acceptNew: true).ListAppsAsync(None);
        var afterwards = await ClientFor(Hosts.Alpha, config).ListAppsAsync(None);

        Assert.Equal(HostKeyProblem.Unknown, error.Problem);
        Assert.Equal(accepted, afterwards);
    }

    [Fact]
    public async Task Reports_DeployedApp_ShowTheDeployedSha()
    {
        await Hosts.Dokku.CreateSourcesAsync(None);
        var client = CreateClient();
        if (!await client.AppExistsAsync("portal", None))
        {
            await client.CreateAppAsync("portal", None);
        }

        (await Hosts.Dokku.PushAsync(Hosts.Alpha, "portal", "v1", "portal", force: true, None)).EnsureSuccess("deploying portal v1");
        var sha = await Hosts.Dokku.ShaAsync("portal", "v1", None);

        var apps = await client.GetAppReportAsync("portal", None);
        var git = await client.GetGitReportAsync("portal", None);
        var ps = await client.GetProcessReportAsync("portal", None);
        var report = await client.GetReportAsync(None);
        var run = await client.RunAsync("portal", ["cat", "VERSION"], null, None);

        Assert.Equal(("git-push", sha), (apps.DeploySource, apps.DeploySourceMetadata));
        Assert.Equal(sha, git.Sha);
        Assert.True(ps.Deployed);
        Assert.Equal(sha, report.Apps["portal"].DeployedSha);
        Assert.Equal((0, "v1"), (run.ExitCode, run.StandardOutput.Trim()));
    }

    [Fact]
    public async Task StartPushAsync_AlphaToBeta_DeploysTheShaOnBeta()
    {
        await Hosts.Dokku.CreateSourcesAsync(None);
        var alpha = CreateClient();
        var beta = ClientFor(Hosts.Beta, Hosts.ClientSshConfigPath);
        foreach (var client in new[] { alpha, beta })
        {
            if (!await client.AppExistsAsync("webservices", None))
            {
                await client.CreateAppAsync("webservices", None);
            }
        }

        (await Hosts.Dokku.PushAsync(Hosts.Alpha, "webservices", "v1", "webservices", force: true, None)).EnsureSuccess("deploying webservices v1");
        var sha = await Hosts.Dokku.ShaAsync("webservices", "v1", None);
        var gid = NewGraduationId();
        var remote = Hosts.Dokku.GitRemote(Hosts.Beta, "webservices");

        var started = await alpha.StartPushAsync(gid, "webservices", sha, remote, force: true, branch: null, None);
        var job = await Eventually.ValueAsync(
            async () => (await alpha.GetJobsAsync(gid, None))["push-webservices"],
            j => j.State != JobState.Running,
            TimeSpan.FromSeconds(60),
            "the push did not finish",
            None);

        Assert.Equal(("push-webservices", true), (started.Job, started.Created));
        Assert.True(job.State == JobState.Succeeded, string.Join('\n', await alpha.GetJobLogAsync(gid, "push-webservices", 1, None)));
        Assert.Equal(sha, (await beta.GetAppReportAsync("webservices", None)).DeploySourceMetadata);
    }

    [Fact]
    public async Task ExecuteAsync_OutputOverSsh_IsStreamedLineByLine()
    {
        var lines = new List<OutputLine>();

        var result = await CreateClient().ExecuteAsync(
            RemoteCommand.Create("apps:exists", NewAppName()),
            new CommandOptions { OnOutput = lines.Add },
            None);

        Assert.Equal(20, result.ExitCode);
        Assert.Equal(result.Output, lines);
        Assert.Contains(lines, l => l.Stream == OutputStream.StandardError && l.Text.Contains("does not exist", StringComparison.Ordinal));
    }

    private DokkuClient ClientFor(SimulatedHost host, string config, bool acceptNew = false) =>
        new(new SshTransport(
            EnvironmentUrl.Parse($"{Hosts.SshUser}@{host.Alias}"),
            new TransportOptions { ExtraSshArguments = ["-F", config], AcceptNewHostKey = acceptNew }));
}
