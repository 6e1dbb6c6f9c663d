namespace Graduate.Temporal.Workflows;

/// <summary>
/// Runs workflow code one task at a time, in the order it was queued, on the thread that drains it.
/// Awaits inside workflow code capture this scheduler, so every continuation comes back here.
/// </summary>
internal sealed class WorkflowScheduler : TaskScheduler
{
    private readonly Queue<Task> queue = new();
    private readonly Lock gate = new();

    public override int MaximumConcurrencyLevel => 1;

    /// <summary>Runs queued tasks until none is left; returns whether any ran.</summary>
    public bool Drain()
    {
        var ran = false;
        while (true)
        {
            Task? next;
            lock (gate)
            {
                if (!queue.TryDequeue(out next))
                {
                    return ran;
                }
            }

            ran = true;
            TryExecuteTask(next);
        }
    }

    protected override void QueueTask(Task task)
    {
        lock (gate)
        {
            queue.Enqueue(task);
        }
    }

    // Inlining would run continuations out of queue order.
    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task> GetScheduledTasks()
    {
        lock (gate)
        {
            return queue.ToArray();
        }
    }
}
