using Spectre.Console;

namespace Dl4m.Cli.Progress;

/// <summary>
/// Runs a long job on a background thread while the calling thread draws a Spectre progress bar on the invocation's
/// error writer (stdout stays clean for --json). No live bar when asked not to, or when that writer is not the
/// process's standard error on a terminal (redirected, or a test's writer).
/// </summary>
internal static class LiveProgress
{
    /// <summary>What the bar shows at one moment: units done, units in total (-1 unknown), and a one-line detail.</summary>
    public readonly record struct Snapshot(long Done, long Total, string Detail);

    /// <summary>True when a live bar can be drawn on <paramref name="error"/>: not --json, and it is the process's stderr on a terminal.</summary>
    public static bool CanShow(bool json, TextWriter error) => !json && IsTerminal(error);

    /// <summary>True when <paramref name="error"/> is the process's standard error and that is a terminal.</summary>
    public static bool IsTerminal(TextWriter error) => ReferenceEquals(error, Console.Error) && !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/>; while it runs, polls <paramref name="poll"/> ten times a second for the bar on <paramref name="error"/>.</summary>
    public static T Run<T>(bool show, TextWriter error, string title, Func<Snapshot> poll, Func<T> work)
    {
        if (!show) return work();
        var job = Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);
        Bar(error).Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(Markup.Escape(title), autoStart: true, maxValue: 1);
                while (!job.IsCompleted)
                {
                    Update(task, poll());
                    context.Refresh();
                    job.Wait(100);
                }
                Update(task, poll());
            });
        return job.GetAwaiter().GetResult();
    }

    /// <summary>A Spectre console drawing on <paramref name="error"/>.</summary>
    public static IAnsiConsole Bar(TextWriter error) => AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });

    private static void Update(ProgressTask task, Snapshot snapshot)
    {
        if (snapshot.Total > 0)
        {
            task.MaxValue = snapshot.Total;
            task.Value = Math.Min(snapshot.Done, snapshot.Total);
        }
        task.Description = Markup.Escape(snapshot.Detail);
    }
}
