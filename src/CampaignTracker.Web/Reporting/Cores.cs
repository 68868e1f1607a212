using System.Runtime.InteropServices;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// Issue 17: the process's cores, shared out between cold computations (the first request of a view: tens of
/// milliseconds of CPU over the snapshots) and uploads being applied. At most one computation per core runs at a time,
/// the others wait for a core without holding a thread; an upload being applied keeps a core for itself (all but one,
/// which stays with the computations). Cached results never wait here, so a page whose result is ready answers at
/// once however many cold ones are queued, and an upload is not slowed by every user's new view. Without it, 50 users
/// ran as many computations as threads the pool would grant: cached pages waited 2.7 s (p95) behind them, and an
/// upload took 2.1× its idle time (README, Load benchmark).
/// </summary>
public sealed class Cores(int count)
{
    /// <summary>This process's: cores are the machine's, whichever host or request asks.</summary>
    public static readonly Cores OfProcess = new(Environment.ProcessorCount);

    readonly object sync = new();
    readonly LinkedList<TaskCompletionSource> waiting = new();
    int computing, uploads;

    /// <summary>Cores computations may use now: all but those uploads hold, at least one.</summary>
    int ForComputations => Math.Max(1, count - uploads);

    /// <summary>Whether a core is idle: a computation may split its work in two (<see cref="Both"/>).</summary>
    bool OneIdle
    {
        get
        {
            lock (sync) return computing + uploads < count;
        }
    }

    /// <summary>Runs both, on two cores when one is idle, else one after the other on this one.</summary>
    public void Both(Action first, Action second)
    {
        if (OneIdle) Parallel.Invoke(first, second);
        else
        {
            first();
            second();
        }
    }

    /// <summary>Waits for a core for one computation; dispose the result when it is done.</summary>
    /// <param name="ahead">Before every other waiting computation: for a request that has waited once already (a page of
    /// several computations, e.g. the campaigns and their weekly chart, waits in the queue once, not once for each).</param>
    public async Task<IDisposable> ForComputationAsync(CancellationToken ct, bool ahead = false)
    {
        TaskCompletionSource granted;
        lock (sync)
        {
            if (computing < ForComputations && waiting.Count == 0)
            {
                computing++;
                return new Lease(EndComputation);
            }
            granted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (ahead) waiting.AddFirst(granted);
            else waiting.AddLast(granted);
        }
        await using (ct.Register(() =>
        {
            bool removed;
            lock (sync) removed = waiting.Remove(granted);
            if (removed) granted.TrySetCanceled(ct);
        }))
        {
            await granted.Task;
        }
        return new Lease(EndComputation);
    }

    /// <summary>Keeps a core for an upload while it is applied (from the next computation on); dispose the result at its end.</summary>
    public IDisposable ForUpload()
    {
        lock (sync) uploads++;
        return new Lease(() =>
        {
            lock (sync)
            {
                uploads--;
                GrantWaiting();
            }
        });
    }

    void EndComputation()
    {
        lock (sync)
        {
            computing--;
            GrantWaiting();
        }
    }

    // Under sync: as many waiting computations as there are cores for them, in the order they came.
    void GrantWaiting()
    {
        while (computing < ForComputations && waiting.First is { } first)
        {
            waiting.RemoveFirst();
            computing++;
            first.Value.TrySetResult();
        }
    }

    /// <summary>The nice value of computation threads on Linux (0 is the default, 19 the lowest priority).</summary>
    public const int ComputationNice = 10;

    /// <summary>
    /// Runs a computation on a thread of its own, not one of the pool's (those stay free for cached pages and the server's
    /// I/O), at a lower priority than every other thread of the process on Linux (nice <see cref="ComputationNice"/>): when the
    /// cores are short, cached pages and an upload being applied go first, and cold views take what is left.
    /// </summary>
    public static Task<T> OnThreadOfItsOwn<T>(Func<T> computation) =>
        Task.Factory.StartNew(() =>
        {
            LowerThisThreadsPriority();
            return computation();
        }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    /// <summary>The calling thread's nice value (Linux), or null elsewhere.</summary>
    public static int? ThisThreadsNice()
    {
        if (!OperatingSystem.IsLinux()) return null;
        Marshal.SetLastPInvokeError(0);
        var nice = getpriority(PrioProcess, gettid());
        return nice == -1 && Marshal.GetLastPInvokeError() != 0 ? null : nice;
    }

    // A thread may always lower its own priority; raising it back would need a privilege, so only dedicated threads are lowered.
    static void LowerThisThreadsPriority()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            setpriority(PrioProcess, gettid(), ComputationNice);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // Not glibc (e.g. musl without gettid): computations run at normal priority, still one per core.
        }
    }

    const int PrioProcess = 0;   // with a thread id, Linux applies it to that thread alone

    [DllImport("libc", SetLastError = true)]
    static extern int setpriority(int which, int who, int priority);

    [DllImport("libc", SetLastError = true)]
    static extern int getpriority(int which, int who);

    [DllImport("libc")]
    static extern int gettid();

    sealed class Lease(Action end) : IDisposable
    {
        int ended;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref ended, 1) == 0) end();
        }
    }
}
