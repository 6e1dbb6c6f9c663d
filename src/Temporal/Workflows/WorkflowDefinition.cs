using System.Reflection;
using Graduate.Temporal.Converters;
using Temporalio.Api.Common.V1;

namespace Graduate.Temporal.Workflows;

/// <summary>A workflow class read once by reflection: its name, entry point, signals and queries.</summary>
public sealed class WorkflowDefinition
{
    private WorkflowDefinition(
        Type type,
        string name,
        MethodInfo run,
        IReadOnlyDictionary<string, MethodInfo> signals,
        IReadOnlyDictionary<string, MemberInfo> queries)
    {
        Type = type;
        Name = name;
        Run = run;
        Signals = signals;
        Queries = queries;
    }

    /// <summary>The workflow class.</summary>
    public Type Type { get; }

    /// <summary>The workflow type name.</summary>
    public string Name { get; }

    internal MethodInfo Run { get; }

    internal IReadOnlyDictionary<string, MethodInfo> Signals { get; }

    internal IReadOnlyDictionary<string, MemberInfo> Queries { get; }

    /// <summary>Reads a class marked <see cref="WorkflowAttribute"/>.</summary>
    public static WorkflowDefinition Create(Type type)
    {
        var attribute = type.GetCustomAttribute<WorkflowAttribute>()
            ?? throw new ArgumentException($"{type.Name} has no [Workflow] attribute", nameof(type));
        if (type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ArgumentException($"workflow {type.Name} needs a public parameterless constructor", nameof(type));
        }

        const BindingFlags flags = BindingFlags.Public | BindingFlags.Instance;
        var runs = type.GetMethods(flags).Where(m => m.GetCustomAttribute<WorkflowRunAttribute>() is not null).ToList();
        if (runs.Count != 1 || !typeof(Task).IsAssignableFrom(runs[0].ReturnType))
        {
            throw new ArgumentException($"workflow {type.Name} needs exactly one async [WorkflowRun] method", nameof(type));
        }

        var signals = type.GetMethods(flags)
            .Select(m => (Method: m, Attribute: m.GetCustomAttribute<WorkflowSignalAttribute>()))
            .Where(p => p.Attribute is not null)
            .ToDictionary(p => p.Attribute!.Name ?? p.Method.Name, p => p.Method);
        var queries = type.GetMembers(flags)
            .Select(m => (Member: m, Attribute: m.GetCustomAttribute<WorkflowQueryAttribute>()))
            .Where(p => p.Attribute is not null)
            .ToDictionary(p => p.Attribute!.Name ?? p.Member.Name, p => p.Member);
        return new WorkflowDefinition(type, attribute.Name ?? type.Name, runs[0], signals, queries);
    }

    /// <summary>Decodes payloads into the parameters of a method (missing ones take their default).</summary>
    internal static object?[] DecodeArguments(MethodInfo method, Payloads? payloads)
    {
        var parameters = method.GetParameters();
        var args = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            args[i] = payloads is not null && i < payloads.Payloads_.Count
                ? PayloadConverter.Decode(payloads.Payloads_[i], parameters[i].ParameterType)
                : parameters[i].HasDefaultValue ? parameters[i].DefaultValue : null;
        }

        return args;
    }

    /// <summary>The result of a finished <c>Task</c> or <c>Task&lt;T&gt;</c>, or null.</summary>
    internal static object? TaskResult(Task task)
    {
        var type = task.GetType();
        return type.IsGenericType && type.GetProperty("Result") is { } result && result.PropertyType.Name != "VoidTaskResult"
            ? result.GetValue(task)
            : null;
    }
}
