namespace Graduate.Testing;

/// <summary>
/// Any number of interchangeable copies of the example app (tests/hosts/example/app.py without a peer or a
/// database: schema 1, healthy), for graduations whose size matters more than what the apps do (the benchmark).
/// </summary>
public static class GenericApps
{
    private const int ParallelDeploys = 4;

    /// <summary>
    /// Creates a source repository per app (<see cref="SimulatedDokku.SourceRepository"/>, tags v1 and v2), the apps
    /// on <paramref name="source"/> and <paramref name="destination"/>, and deploys v2 to the source and v1 to the
    /// destination, a few deploys at a time. A <paramref name="checkDelay"/> makes every deploy's healthcheck wait that
    /// long before its first attempt (app.json's <c>initialDelay</c>, as real Dokku reads it).
    /// </summary>
    public static async Task SeedGenericAppsAsync(this SimulatedDokku sim, string source, string destination, IReadOnlyList<string> apps, CancellationToken cancellationToken, TimeSpan checkDelay = default)
    {
        ArgumentNullException.ThrowIfNull(sim);
        ArgumentNullException.ThrowIfNull(apps);
        var from = sim[source];
        var to = sim[destination];
        foreach (var app in apps)
        {
            await CreateSourceAsync(sim.SourceRepository(app), app, (int)checkDelay.TotalSeconds, cancellationToken).ConfigureAwait(false);
        }

        using var slots = new SemaphoreSlim(ParallelDeploys);
        async Task InSlotAsync(Func<Task> work)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await work().ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }

        await Task.WhenAll(apps.SelectMany(app => new[] { from, to }.Select(host => InSlotAsync(async () =>
            (await sim.RunDokkuAsync(host, cancellationToken, "apps:create", app).ConfigureAwait(false)).EnsureSuccess($"apps:create {app} on {host.Name}"))))).ConfigureAwait(false);
        await Task.WhenAll(apps.SelectMany(app => new[]
        {
            InSlotAsync(() => sim.DeployAsync(from, app, "v2", cancellationToken)),
            InSlotAsync(() => sim.DeployAsync(to, app, "v1", cancellationToken)),
        })).ConfigureAwait(false);
    }

    private static async Task CreateSourceAsync(string directory, string app, int initialDelaySeconds, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await GitAsync(directory, cancellationToken, "init", "-q", "-b", "main").ConfigureAwait(false);
        File.Copy(Path.Combine(Repository.Root, "tests", "hosts", "example", "app.py"), Path.Combine(directory, "app.py"), overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(directory, "APP"), app + "\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "REQUIRES_SCHEMA"), "1\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "HEALTHY"), "yes\n", cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(Path.Combine(directory, "Procfile"), "web: /usr/bin/python3 app.py\n", cancellationToken).ConfigureAwait(false);
        // The example's healthcheck, so a generic app deploys like portal and webservices do.
        await File.WriteAllTextAsync(
            Path.Combine(directory, "app.json"),
            $$"""
            {
              "name": "{{app}}",
              "healthchecks": {
                "web": [
                  {"type": "startup", "name": "{{app}} health", "path": "/health", "attempts": 2, "wait": 1, "timeout": 2, "initialDelay": {{initialDelaySeconds}}}
                ]
              }
            }

            """,
            cancellationToken).ConfigureAwait(false);
        foreach (var version in new[] { "v1", "v2" })
        {
            await File.WriteAllTextAsync(Path.Combine(directory, "VERSION"), version + "\n", cancellationToken).ConfigureAwait(false);
            await GitAsync(directory, cancellationToken, "add", "-A").ConfigureAwait(false);
            await GitAsync(directory, cancellationToken, "-c", "user.name=sim", "-c", "user.email=sim@localhost", "commit", "-q", "-m", $"{app} {version}").ConfigureAwait(false);
            await GitAsync(directory, cancellationToken, "tag", version).ConfigureAwait(false);
        }
    }

    private static async Task GitAsync(string directory, CancellationToken cancellationToken, params string[] arguments) =>
        (await SimulatorProcess.RunAsync("git", ["-C", directory, .. arguments], null, null, cancellationToken).ConfigureAwait(false))
            .EnsureSuccess("git " + string.Join(' ', arguments));
}
