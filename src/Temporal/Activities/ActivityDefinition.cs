using System.Reflection;
using Graduate.Temporal.Converters;
using Graduate.Temporal.Workflows;
using Temporalio.Api.Common.V1;

namespace Graduate.Temporal.Activities;

/// <summary>An activity the worker can run: its name and how to call it with decoded input.</summary>
public sealed class ActivityDefinition
{
    private readonly object? target;
    private readonly MethodInfo method;

    private ActivityDefinition(string name, object? target, MethodInfo method)
    {
        Name = name;
        this.target = target;
        this.method = method;
    }

    /// <summary>The activity type name.</summary>
    public string Name { get; }

    /// <summary>Every method marked <see cref="ActivityAttribute"/> on an instance (e.g. one resolved from DI).</summary>
    public static IReadOnlyList<ActivityDefinition> FromInstance(object instance) =>
        instance.GetType().GetMethods(BindingFlags.Public | BindingFlags.Instance)
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<ActivityAttribute>()))
            .Where(p => p.Attribute is not null)
            .Select(p => new ActivityDefinition(p.Attribute!.Name ?? DefaultName(p.Method), instance, p.Method))
            .ToList();

    /// <summary>Whether the method returns a value worth sending back.</summary>
    internal bool ReturnsValue =>
        method.ReturnType != typeof(void) && method.ReturnType != typeof(Task) && method.ReturnType != typeof(ValueTask);

    internal async Task<object?> InvokeAsync(Payloads? input, CancellationToken ct)
    {
        var parameters = method.GetParameters();
        var args = new object?[parameters.Length];
        var next = 0;
        for (var i = 0; i < parameters.Length; i++)
        {
            if (parameters[i].ParameterType == typeof(CancellationToken))
            {
                args[i] = ct;
                continue;
            }

            args[i] = input is not null && next < input.Payloads_.Count
                ? PayloadConverter.Decode(input.Payloads_[next], parameters[i].ParameterType)
                : parameters[i].HasDefaultValue ? parameters[i].DefaultValue : null;
            next++;
        }

        object? returned;
        try
        {
            returned = method.Invoke(target, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            throw;
        }

        switch (returned)
        {
            case Task task:
                await task.ConfigureAwait(false);
                return WorkflowDefinition.TaskResult(task);
            case ValueTask valueTask:
                await valueTask.ConfigureAwait(false);
                return null;
            default:
                return returned;
        }
    }

    private static string DefaultName(MethodInfo method) =>
        method.Name.EndsWith("Async", StringComparison.Ordinal) ? method.Name[..^5] : method.Name;
}
