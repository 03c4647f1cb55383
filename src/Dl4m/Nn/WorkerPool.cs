using System.Runtime.ExceptionServices;

namespace Dl4m.Nn;

/// <summary>
/// Persistent worker threads: <see cref="Run"/> hands job index i to thread i (index 0 runs on the
/// caller) and returns when all are done. No allocation per run, unlike Parallel.For; the threads
/// live as long as the pool.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    private readonly Thread[] threads;
    private readonly ManualResetEventSlim[] start;
    private readonly CountdownEvent done;
    private Action<int>? job;
    private ExceptionDispatchInfo? failure;
    private volatile bool stopping;

    public WorkerPool(int count)
    {
        Count = count;
        threads = new Thread[count - 1];
        start = new ManualResetEventSlim[count - 1];
        done = new CountdownEvent(1);
        for (int i = 0; i < threads.Length; i++)
        {
            start[i] = new ManualResetEventSlim(false, spinCount: 2000);
            int index = i + 1;
            threads[i] = new Thread(() => Loop(index)) { IsBackground = true, Name = $"dl4m worker {index}" };
            threads[i].Start();
        }
    }

    /// <summary>Threads including the caller.</summary>
    public int Count { get; }

    /// <summary>Runs work(0) … work(count−1) in parallel (count ≤ <see cref="Count"/>); pass a cached delegate to stay allocation-free.</summary>
    public void Run(Action<int> work, int count)
    {
        if (count <= 1)
        {
            work(0);
            return;
        }
        job = work;
        failure = null;
        done.Reset(count - 1);
        for (int i = 0; i < count - 1; i++) start[i].Set();
        try
        {
            work(0);
        }
        finally
        {
            done.Wait();
            job = null;
        }
        failure?.Throw();
    }

    private void Loop(int index)
    {
        var signal = start[index - 1];
        while (true)
        {
            signal.Wait();
            signal.Reset();
            if (stopping) return;
            try
            {
                job!(index);
            }
            catch (Exception e)
            {
                failure ??= ExceptionDispatchInfo.Capture(e);
            }
            finally
            {
                done.Signal();
            }
        }
    }

    public void Dispose()
    {
        stopping = true;
        foreach (var s in start) s.Set();
        foreach (var t in threads) t.Join();
        foreach (var s in start) s.Dispose();
        done.Dispose();
    }
}
