using Spectre.Console;

namespace Dl4m.Cli.Progress;

/// <summary>
/// Runs a long job on a background thread while the calling thread draws a Spectre progress bar on
/// STDERR (stdout stays clean for --json). No live bar when asked not to or when stderr is redirected.
/// </summary>
internal static class LiveProgress
{
    /// <summary>What the bar shows at one moment: units done, units in total (-1 unknown), and a one-line detail.</summary>
    public readonly record struct Snapshot(long Done, long Total, string Detail);

    /// <summary>True when a live bar can be drawn: not --json, and stderr is a terminal.</summary>
    public static bool CanShow(bool json) => !json && !Console.IsErrorRedirected;

    /// <summary>Runs <paramref name="work"/>; while it runs, polls <paramref name="poll"/> ten times a second for the bar.</summary>
    public static T Run<T>(bool show, string title, Func<Snapshot> poll, Func<T> work)
    {
        if (!show) return work();
        var job = Task.Factory.StartNew(work, TaskCreationOptions.LongRunning);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        console.Progress()
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
