using System.Reflection;
using Graduate.Cli.Graduations;
using Graduate.Worker;
using Graduate.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Temporalio.Activities;
using Temporalio.Workflows;

namespace Graduate.Cli.Tests;

/// <summary>The worker runs what the workflow schedules, and the CLI uses the names the workflow answers to.</summary>
public sealed class WorkerRegistrationTests
{
    [Fact]
    public void GraduateRegistration_RegistersTheWorkflowAndEveryActivityItSchedules()
    {
        var workflow = Assert.Single(WorkerRegistration.Graduate.Workflows);
        var activities = WorkerRegistration.Graduate.Activities
            .SelectMany(type => type.GetMethods(BindingFlags.Public | BindingFlags.Instance))
            .Select(method => method.GetCustomAttribute<ActivityAttribute>()?.Name)
            .OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var scheduled = typeof(ActivityNames).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(string))
            .Select(f => (string)f.GetRawConstantValue()!)
            .ToList();

        Assert.Equal(typeof(GraduationWorkflow), workflow);
        Assert.NotEmpty(scheduled);
        Assert.All(scheduled, name => Assert.Contains(name, activities));
    }

    [Fact]
    public void AddGraduateWorker_SshConnectionsStopAfterTheTemporalWorker()
    {
        // The host stops its services in reverse order: ssh masters must outlive the activities of the worker's grace period.
        var services = new ServiceCollection().AddGraduateWorker(new TemporalSettings { TaskQueue = "order" });
        var hosted = services.Where(d => d.ServiceType == typeof(IHostedService)).ToList();
        var ssh = hosted.FindIndex(d => d.ImplementationType == typeof(SshConnectionsService));
        var worker = hosted.FindIndex(d => d.ImplementationType is null && d.ImplementationFactory is not null);

        Assert.True(ssh >= 0, "SshConnectionsService is not registered");
        Assert.True(worker > ssh, $"the Temporal worker service (at {worker}) is not registered after SshConnectionsService (at {ssh})");
    }

    [Fact]
    public void GraduationContract_MatchesTheWorkflowsTypeQueryAndSignal()
    {
        var type = typeof(GraduationWorkflow);
        var members = type.GetMembers(BindingFlags.Public | BindingFlags.Instance);
        var cancel = type.GetMethods().Single(m => m.GetCustomAttribute<WorkflowSignalAttribute>()?.Name == GraduationContract.CancelSignal);

        Assert.Equal(GraduationContract.WorkflowType, type.GetCustomAttribute<WorkflowAttribute>()?.Name);
        Assert.Equal(GraduationContract.WorkflowType, GraduationWorkflowIds.WorkflowType);
        Assert.Equal(GraduationWorkflowIds.For("production"), GraduationContract.IdFor("production"));
        Assert.Contains(members, m => m.GetCustomAttribute<WorkflowQueryAttribute>()?.Name == GraduationContract.StatusQuery);
        Assert.Equal([typeof(string)], cancel.GetParameters().Select(p => p.ParameterType));
    }
}
