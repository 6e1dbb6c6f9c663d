using System.Globalization;
using System.Text;
using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Models;
using Graduate.Dokku.Parsing;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku;

/// <summary>
/// Typed calls for the Dokku commands Graduate uses, and the graduate plugin's commands
/// (dokku-plugin/CONTRACT.md), on one host. Every name is validated by
/// <see cref="DokkuNames"/> before the transport is touched. A command that ran and failed
/// throws <see cref="DokkuCommandException"/> carrying Dokku's " !     " message; transport
/// failures surface as <see cref="DokkuTransportException"/> (check
/// <see cref="DokkuTransportException.IsTransient"/> before retrying).
/// </summary>
public sealed class DokkuClient(IDokkuTransport transport)
{
    /// <summary>Dokku's exit code for "app does not exist".</summary>
    public const int AppMissingExitCode = 20;

    /// <summary>The longest wait the plugin's <c>--wait</c> takes.</summary>
    public static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(60);

    public IDokkuTransport Transport { get; } = transport ?? throw new ArgumentNullException(nameof(transport));

    // ---- Dokku core -------------------------------------------------------------------

    public async Task<IReadOnlyList<string>> ListAppsAsync(CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("apps:list", "--format", "json"), null, cancellationToken).ConfigureAwait(false);
        var text = result.StandardOutput.Trim();
        // With no apps Dokku only prints a warning, not an empty array.
        return text.Length == 0 ? [] : DokkuJson.AppList(text, result.CommandLine);
    }

    /// <summary><c>apps:exists</c>: exit 0 yes, exit 20 no, anything else is an error.</summary>
    public async Task<bool> AppExistsAsync(string app, CancellationToken cancellationToken)
    {
        var command = RemoteCommand.Create("apps:exists", DokkuNames.App(app));
        var result = await ExecuteAsync(command, null, cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            AppMissingExitCode => false,
            _ => throw Failure(result),
        };
    }

    /// <summary><c>apps:locked</c>: exit 0 when a deploy lock is held (such an app must not be graduated).</summary>
    public async Task<bool> IsAppLockedAsync(string app, CancellationToken cancellationToken)
    {
        var command = RemoteCommand.Create("apps:locked", DokkuNames.App(app));
        var result = await ExecuteAsync(command, null, cancellationToken).ConfigureAwait(false);
        return result.ExitCode switch
        {
            0 => true,
            1 => false,
            _ => throw Failure(result),
        };
    }

    public async Task<AppReport> GetAppReportAsync(string app, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("apps:report", DokkuNames.App(app), "--format", "json"), null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.AppReport(app, result.StandardOutput, result.CommandLine);
    }

    public async Task<GitReport> GetGitReportAsync(string app, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("git:report", DokkuNames.App(app), "--format", "json"), null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.GitReport(app, result.StandardOutput, result.CommandLine);
    }

    public async Task<ProcessReport> GetProcessReportAsync(string app, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("ps:report", DokkuNames.App(app), "--format", "json"), null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.ProcessReport(app, result.StandardOutput, result.CommandLine);
    }

    /// <summary>
    /// Process types whose checks are disabled. If it holds "web" or "_all_", Dokku never runs
    /// check-deploy for the app, so a graduation cannot hold it back.
    /// </summary>
    public async Task<IReadOnlyList<string>> GetChecksDisabledAsync(string app, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("checks:report", DokkuNames.App(app), "--checks-disabled-list"), null, cancellationToken).ConfigureAwait(false);
        return JsonValues.SplitList(result.StandardOutput);
    }

    public async Task<IReadOnlyDictionary<string, string>> ExportConfigAsync(string app, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("config:export", "--format", "json", DokkuNames.App(app)), null, cancellationToken).ConfigureAwait(false);
        var values = DokkuJson.StringMap(result.StandardOutput, result.CommandLine);
        return values.ToDictionary(p => p.Key, p => p.Value ?? "", StringComparer.Ordinal);
    }

    public async Task<IReadOnlyList<string>> GetConfigKeysAsync(string app, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("config:keys", DokkuNames.App(app)), null, cancellationToken).ConfigureAwait(false);
        return result.StandardOutputLines;
    }

    /// <summary><c>config:get</c>; null when the key is unset (Dokku exits 1 without an error line).</summary>
    public async Task<string?> GetConfigAsync(string app, string key, CancellationToken cancellationToken)
    {
        var command = RemoteCommand.Create("config:get", DokkuNames.App(app), DokkuNames.ConfigKey(key));
        var result = await ExecuteAsync(command, null, cancellationToken).ConfigureAwait(false);
        if (result.ExitCode == 0)
        {
            return result.StandardOutput.TrimEnd('\n', '\r');
        }

        return result.ExitCode == 1 && result.ErrorLines.Count == 0 ? null : throw Failure(result);
    }

    /// <summary>
    /// <c>config:set --no-restart --encoded</c>. Values are sent base64-encoded because Dokku
    /// re-splits the command line on whitespace: only base64 survives that for any value.
    /// </summary>
    public async Task SetConfigAsync(string app, IReadOnlyDictionary<string, string> values, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(values);
        var arguments = new List<string> { "--no-restart", "--encoded", DokkuNames.App(app) };
        foreach (var (key, value) in values.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            arguments.Add(DokkuNames.ConfigKey(key) + "=" + Convert.ToBase64String(Encoding.UTF8.GetBytes(value ?? "")));
        }

        if (values.Count == 0)
        {
            return;
        }

        await RunCheckedAsync(RemoteCommand.Create("config:set", arguments), null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// <c>run --no-tty app cmd...</c> in the app's latest image (the staged one while a gate
    /// holds it). Returns the command's exit code rather than throwing: the caller decides.
    /// Each word must pass <see cref="DokkuNames.Word"/>; longer scripts belong in the image.
    /// </summary>
    public Task<CommandResult> RunAsync(string app, IReadOnlyList<string> command, CommandOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (command.Count == 0)
        {
            throw new DokkuValidationException("command", "", "Invalid command for run: it must not be empty.");
        }

        var arguments = new List<string> { "--no-tty", DokkuNames.App(app) };
        arguments.AddRange(command.Select(DokkuNames.Word));
        return ExecuteAsync(RemoteCommand.Create("run", arguments), options, cancellationToken);
    }

    public Task DestroyAppAsync(string app, CancellationToken cancellationToken) =>
        RunCheckedAsync(RemoteCommand.Create("apps:destroy", "--force", DokkuNames.App(app)), null, cancellationToken);

    public Task CreateAppAsync(string app, CancellationToken cancellationToken) =>
        RunCheckedAsync(RemoteCommand.Create("apps:create", DokkuNames.App(app)), null, cancellationToken);

    /// <summary><c>builds:cancel</c>: stops a deploy that has not reached the gate.</summary>
    public Task CancelBuildAsync(string app, CancellationToken cancellationToken) =>
        RunCheckedAsync(RemoteCommand.Create("builds:cancel", DokkuNames.App(app)), null, cancellationToken);

    /// <summary><c>ssh-keys:add name</c> with the key on stdin (how one environment is allowed to push to the next).</summary>
    public Task AddSshKeyAsync(string name, string publicKey, CancellationToken cancellationToken)
    {
        var command = RemoteCommand.Create("ssh-keys:add", DokkuNames.KeyName(name));
        var key = DokkuNames.PublicKey(publicKey);
        return RunCheckedAsync(command, new CommandOptions { StandardInput = key + "\n" }, cancellationToken);
    }

    // ---- graduate plugin (CONTRACT.md) ------------------------------------------------

    /// <summary><c>graduate:version</c> → the plugin's semver; a command failure here means the plugin is missing.</summary>
    public async Task<string> GetPluginVersionAsync(CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("graduate:version"), null, cancellationToken).ConfigureAwait(false);
        var line = result.StandardOutputLines.FirstOrDefault(l => l.StartsWith("graduate ", StringComparison.Ordinal));
        return line?["graduate ".Length..].Trim()
            ?? throw new DokkuProtocolException($"'graduate:version' on {Transport.Target} printed '{result.StandardOutput.Trim()}', not 'graduate <version>'.");
    }

    public Task ArmAsync(string graduationId, TimeSpan gateTimeout, IEnumerable<string> apps, CancellationToken cancellationToken)
    {
        if (gateTimeout <= TimeSpan.Zero)
        {
            throw new DokkuValidationException("gate timeout", gateTimeout.ToString(), "Invalid gate timeout: it must be positive.");
        }

        var seconds = ((long)Math.Ceiling(gateTimeout.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
        return RunCheckedAsync(GateCommand("graduate:arm", graduationId, apps, seconds), null, cancellationToken);
    }

    public async Task<IReadOnlyDictionary<string, GateStatus>> GetGatesAsync(string graduationId, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("graduate:gates", DokkuNames.GraduationId(graduationId)), null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.Gates(result.StandardOutput, result.CommandLine);
    }

    /// <summary>
    /// <c>graduate:gates gid --wait seconds app=state...</c>: the gates as soon as they differ from <paramref name="known"/>
    /// (app -> state as the plugin words it: a state changed, a gate appeared or went away), or once
    /// <paramref name="wait"/> (at most <see cref="MaxWait"/>) has passed. The host does the waiting: one command
    /// answers a change the moment it happens, where asking again and again costs a command each time.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, GateStatus>> WaitForGatesAsync(
        string graduationId, IReadOnlyDictionary<string, string> known, TimeSpan wait, CancellationToken cancellationToken)
    {
        var command = WaitCommand("graduate:gates", graduationId, known, wait, DokkuNames.App);
        var result = await RunCheckedAsync(command, null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.Gates(result.StandardOutput, result.CommandLine);
    }

    public Task GoAsync(string graduationId, IEnumerable<string> apps, CancellationToken cancellationToken) =>
        RunCheckedAsync(GateCommand("graduate:go", graduationId, apps, null), null, cancellationToken);

    public Task AbortAsync(string graduationId, IEnumerable<string> apps, CancellationToken cancellationToken) =>
        RunCheckedAsync(GateCommand("graduate:abort", graduationId, apps, null), null, cancellationToken);

    public Task DisarmAsync(string graduationId, IEnumerable<string> apps, CancellationToken cancellationToken) =>
        RunCheckedAsync(GateCommand("graduate:disarm", graduationId, apps, null), null, cancellationToken);

    /// <summary>
    /// <c>graduate:push</c> on this (source) host: starts a detached push of <paramref name="sha"/>
    /// to <paramref name="gitRemote"/>; idempotent per (graduation, app). Returns the plugin's
    /// output; follow the job with <see cref="GetJobsAsync"/> (job <c>push-&lt;app&gt;</c>).
    /// <paramref name="branch"/> is the destination's deploy branch (the plugin's default: master).
    /// </summary>
    public async Task<JobStart> StartPushAsync(string graduationId, string app, string sha, string gitRemote, bool force, string? branch, CancellationToken cancellationToken)
    {
        var arguments = new List<string>
        {
            DokkuNames.GraduationId(graduationId),
            DokkuNames.App(app),
            DokkuNames.Sha(sha),
            DokkuNames.GitRemote(gitRemote),
        };
        if (force)
        {
            arguments.Add("--force");
        }

        if (branch is not null)
        {
            arguments.Add("--branch");
            arguments.Add(DokkuNames.Branch(branch));
        }

        var result = await RunCheckedAsync(RemoteCommand.Create("graduate:push", arguments), null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.JobStart(result.StandardOutput, result.CommandLine);
    }

    /// <summary><c>graduate:hook</c>: the script goes over stdin and runs detached with <c>bash -e</c>; idempotent per (graduation, job).</summary>
    public async Task<JobStart> StartHookAsync(string graduationId, string jobName, string script, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(script);
        var job = DokkuNames.JobName(jobName);
        if (job.StartsWith("push-", StringComparison.Ordinal))
        {
            throw new DokkuValidationException("job name", job, $"Invalid job name '{job}': names starting with 'push-' are reserved for pushes.");
        }

        var command = RemoteCommand.Create("graduate:hook", DokkuNames.GraduationId(graduationId), job);
        var options = new CommandOptions { StandardInput = script.EndsWith('\n') ? script : script + "\n" };
        var result = await RunCheckedAsync(command, options, cancellationToken).ConfigureAwait(false);
        return DokkuJson.JobStart(result.StandardOutput, result.CommandLine);
    }

    public async Task<IReadOnlyDictionary<string, JobStatus>> GetJobsAsync(string graduationId, CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("graduate:jobs", DokkuNames.GraduationId(graduationId)), null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.Jobs(result.StandardOutput, result.CommandLine);
    }

    /// <summary>
    /// <c>graduate:jobs gid --wait seconds job=state...</c>: the jobs as soon as they differ from <paramref name="known"/>
    /// (job -> running, succeeded or failed: a state changed, a job appeared or went away), or once <paramref name="wait"/>
    /// (at most <see cref="MaxWait"/>) has passed; see <see cref="WaitForGatesAsync"/>.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, JobStatus>> WaitForJobsAsync(
        string graduationId, IReadOnlyDictionary<string, string> known, TimeSpan wait, CancellationToken cancellationToken)
    {
        var command = WaitCommand("graduate:jobs", graduationId, known, wait, DokkuNames.JobName);
        var result = await RunCheckedAsync(command, null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.Jobs(result.StandardOutput, result.CommandLine);
    }

    /// <summary><c>graduate:job-log</c> from line <paramref name="fromLine"/> (1-based), so a poller can fetch only new lines.</summary>
    public async Task<IReadOnlyList<string>> GetJobLogAsync(string graduationId, string jobName, int fromLine, CancellationToken cancellationToken)
    {
        if (fromLine < 1)
        {
            throw new DokkuValidationException("line number", fromLine.ToString(CultureInfo.InvariantCulture), "Invalid line number: job log lines start at 1.");
        }

        var command = RemoteCommand.Create(
            "graduate:job-log",
            DokkuNames.GraduationId(graduationId),
            DokkuNames.JobName(jobName),
            fromLine.ToString(CultureInfo.InvariantCulture));
        var result = await RunCheckedAsync(command, null, cancellationToken).ConfigureAwait(false);
        // Keep empty lines: line numbers must match the plugin's count.
        return [.. result.Output.Where(l => l.Stream == OutputStream.StandardOutput).Select(l => l.Text)];
    }

    public Task<GraduateReport> GetReportAsync(CancellationToken cancellationToken) => GetReportAsync([], cancellationToken);

    /// <summary><c>graduate:report</c> of only <paramref name="apps"/> (all apps when empty); an app missing on the host is absent.</summary>
    public async Task<GraduateReport> GetReportAsync(IReadOnlyList<string> apps, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(apps);
        foreach (var app in apps)
        {
            DokkuNames.App(app);
        }

        var result = await RunCheckedAsync(RemoteCommand.Create("graduate:report", [.. apps]), null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.Report(result.StandardOutput, result.CommandLine);
    }

    /// <summary>
    /// <c>graduate:commits app from to</c> on this (source) host: the commits between the release live elsewhere
    /// (<paramref name="fromSha"/>) and the one that would be promoted (<paramref name="toSha"/>). Read-only.
    /// </summary>
    public async Task<CommitRange> GetCommitsAsync(string app, string fromSha, string toSha, CancellationToken cancellationToken)
    {
        var command = RemoteCommand.Create("graduate:commits", DokkuNames.App(app), DokkuNames.AbbreviatedSha(fromSha), DokkuNames.AbbreviatedSha(toSha));
        var result = await RunCheckedAsync(command, null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.Commits(result.StandardOutput, result.CommandLine);
    }

    /// <summary><c>graduate:key</c>: the dokku user's public key on this host (for <see cref="AddSshKeyAsync"/> on the next).</summary>
    public async Task<string> GetPublicKeyAsync(CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("graduate:key"), null, cancellationToken).ConfigureAwait(false);
        var lines = result.StandardOutputLines;
        return DokkuNames.PublicKey(lines.Count > 0 ? lines[^1] : "");
    }

    /// <summary>
    /// <c>graduate:state-init</c>: makes the dokku home the environment state repo (idempotent); says whether
    /// its history still holds config values from an older plugin, which the caller should ask to purge.
    /// </summary>
    public async Task<StateInit> StateInitAsync(CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("graduate:state-init"), null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.StateInit(result.StandardOutput, result.CommandLine);
    }

    public async Task<StateStatus> GetStateStatusAsync(CancellationToken cancellationToken)
    {
        var result = await RunCheckedAsync(RemoteCommand.Create("graduate:state-status"), null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.StateStatus(result.StandardOutput, result.CommandLine);
    }

    /// <summary>
    /// <c>graduate:state-status --last-tag env</c>: the state's status and the newest tag of <paramref name="environment"/>
    /// (null when it has none) in one command; a plugin that does not answer the tag with the status (older than
    /// <c>--last-tag</c>) is asked for it with <c>graduate:state-tags</c>.
    /// </summary>
    public async Task<(StateStatus Status, StateTag? LastTag)> GetStateStatusAndLastTagAsync(string environment, CancellationToken cancellationToken)
    {
        var command = RemoteCommand.Create("graduate:state-status", "--last-tag", DokkuNames.Environment(environment));
        var result = await RunCheckedAsync(command, null, cancellationToken).ConfigureAwait(false);
        var (status, answered, lastTag) = DokkuJson.StateStatusWithLastTag(result.StandardOutput, result.CommandLine);
        if (answered)
        {
            return (status, lastTag);
        }

        var tags = await GetStateTagsAsync(environment, cancellationToken).ConfigureAwait(false);
        return (status, tags.Count > 0 ? tags[0] : null);
    }

    /// <summary>
    /// <c>graduate:state-commit</c>: snapshots config and reports into the state repo and
    /// commits (message over stdin); returns the HEAD commit.
    /// </summary>
    public async Task<string> StateCommitAsync(string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var result = await RunCheckedAsync(RemoteCommand.Create("graduate:state-commit"), new CommandOptions { StandardInput = message }, cancellationToken).ConfigureAwait(false);
        var values = DokkuJson.StringMap(result.StandardOutput, result.CommandLine);
        return values.TryGetValue("commit", out var commit) && commit is not null
            ? commit
            : throw new DokkuProtocolException($"'graduate:state-commit' on {Transport.Target} did not report a commit.");
    }

    /// <summary><c>graduate:state-tag</c>: an annotated tag whose message (e.g. the manifest JSON) goes over stdin.</summary>
    public Task StateTagAsync(string tag, string message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var command = RemoteCommand.Create("graduate:state-tag", DokkuNames.Tag(tag));
        return RunCheckedAsync(command, new CommandOptions { StandardInput = message }, cancellationToken);
    }

    /// <summary><c>graduate:state-tags [env]</c>, newest first; <paramref name="environment"/> matches tags <c>env/...</c> exactly.</summary>
    public async Task<IReadOnlyList<StateTag>> GetStateTagsAsync(string? environment, CancellationToken cancellationToken)
    {
        var command = environment is null
            ? RemoteCommand.Create("graduate:state-tags")
            : RemoteCommand.Create("graduate:state-tags", DokkuNames.Environment(environment));
        var result = await RunCheckedAsync(command, null, cancellationToken).ConfigureAwait(false);
        return DokkuJson.StateTags(result.StandardOutput, result.CommandLine);
    }

    // ---- plumbing ---------------------------------------------------------------------

    /// <summary>Runs any command and returns its result without interpreting the exit code.</summary>
    public Task<CommandResult> ExecuteAsync(RemoteCommand command, CommandOptions? options, CancellationToken cancellationToken) =>
        Transport.ExecuteAsync(command, options, cancellationToken);

    private async Task<CommandResult> RunCheckedAsync(RemoteCommand command, CommandOptions? options, CancellationToken cancellationToken)
    {
        var result = await ExecuteAsync(command, options, cancellationToken).ConfigureAwait(false);
        return result.EnsureSuccess();
    }

    private static RemoteCommand GateCommand(string subcommand, string graduationId, IEnumerable<string> apps, string? timeoutSeconds)
    {
        ArgumentNullException.ThrowIfNull(apps);
        var arguments = new List<string> { DokkuNames.GraduationId(graduationId) };
        if (timeoutSeconds is not null)
        {
            arguments.Add(timeoutSeconds);
        }

        var appNames = apps.Select(DokkuNames.App).ToList();
        if (appNames.Count == 0)
        {
            throw new DokkuValidationException("app list", "", $"Invalid app list for {subcommand}: name at least one app.");
        }

        arguments.AddRange(appNames);
        return RemoteCommand.Create(subcommand, arguments);
    }

    private static RemoteCommand WaitCommand(
        string subcommand, string graduationId, IReadOnlyDictionary<string, string> known, TimeSpan wait, Func<string?, string> name)
    {
        ArgumentNullException.ThrowIfNull(known);
        var seconds = (int)Math.Ceiling(Math.Clamp(wait.TotalSeconds, 0, MaxWait.TotalSeconds));
        var arguments = new List<string> { DokkuNames.GraduationId(graduationId), "--wait", seconds.ToString(CultureInfo.InvariantCulture) };
        arguments.AddRange(known.OrderBy(k => k.Key, StringComparer.Ordinal).Select(k => $"{name(k.Key)}={DokkuNames.State(k.Value)}"));
        return RemoteCommand.Create(subcommand, arguments);
    }

    private static DokkuCommandException Failure(CommandResult result) => result.ToException();
}
