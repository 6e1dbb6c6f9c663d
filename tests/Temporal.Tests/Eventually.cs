using Graduate.Testing;

namespace Graduate.Temporal.Tests;

/// <summary>
/// <see cref="Poll"/> for conditions that may throw while what they look at does not exist yet (a query before the
/// workflow's first task, say): an exception counts as "not yet" and is shown if the deadline passes.
/// </summary>
internal static class Eventually
{
    public static Task TrueAsync(Func<Task<bool>> condition, TimeSpan? timeout = null, string? what = null) =>
        Poll.UntilTrueAsync(
            what ?? "a condition",
            async _ =>
            {
                try
                {
                    return (await condition(), "false");
                }
                catch (Exception e)
                {
                    return (false, $"{e.GetType().Name}: {e.Message}");
                }
            },
            timeout ?? TimeSpan.FromSeconds(30),
            CancellationToken.None);
}
