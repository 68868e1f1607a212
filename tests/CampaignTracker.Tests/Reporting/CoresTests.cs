using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Tests.Reporting;

public class CoresTests
{
    [Fact]
    public async Task Computations_beyond_the_cores_wait_and_go_in_the_order_they_came()
    {
        var cores = new Cores(2);
        var first = await cores.ForComputationAsync(CancellationToken.None);
        var second = await cores.ForComputationAsync(CancellationToken.None);
        var third = cores.ForComputationAsync(CancellationToken.None);
        var fourth = cores.ForComputationAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(third.IsCompleted);

        first.Dispose();
        await third.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.False(fourth.IsCompleted);
        first.Dispose();   // disposing twice frees one core, once
        await Task.Delay(50);
        Assert.False(fourth.IsCompleted);

        second.Dispose();
        await fourth.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_computation_asked_ahead_goes_before_those_waiting()
    {
        var cores = new Cores(1);
        var held = await cores.ForComputationAsync(CancellationToken.None);
        var waiting = cores.ForComputationAsync(CancellationToken.None);
        var ahead = cores.ForComputationAsync(CancellationToken.None, ahead: true);

        held.Dispose();
        var first = await ahead.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.False(waiting.IsCompleted);   // the core went to the one asked ahead
        first.Dispose();
        await waiting.WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task An_upload_keeps_a_core_from_the_next_computation_on_and_leaves_one_for_computations()
    {
        var cores = new Cores(2);
        var upload = cores.ForUpload();
        var first = await cores.ForComputationAsync(CancellationToken.None);
        var second = cores.ForComputationAsync(CancellationToken.None);
        await Task.Delay(50);
        Assert.False(second.IsCompleted);   // one core for the upload, one for computations

        var another = cores.ForUpload();     // a second upload still leaves one
        first.Dispose();
        await second.WaitAsync(TimeSpan.FromSeconds(5));

        var third = cores.ForComputationAsync(CancellationToken.None);
        upload.Dispose();
        another.Dispose();
        await third.WaitAsync(TimeSpan.FromSeconds(5));   // the upload's core is free again
    }

    [Fact]
    public async Task A_cancelled_wait_takes_no_core()
    {
        var cores = new Cores(1);
        var held = await cores.ForComputationAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var cancelled = cores.ForComputationAsync(cancel.Token);
        var next = cores.ForComputationAsync(CancellationToken.None);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        held.Dispose();
        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        (await cores.ForComputationAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task Work_is_split_over_two_cores_only_when_one_is_idle()
    {
        var cores = new Cores(2);
        // Whether the two parts ran at the same time: each waits (up to 0.5 s) for the other at a barrier.
        bool Together(Cores c)
        {
            using var barrier = new Barrier(2);
            var met = 0;
            void Part()
            {
                if (barrier.SignalAndWait(TimeSpan.FromMilliseconds(500))) Interlocked.Increment(ref met);
            }
            c.Both(Part, Part);
            return met == 2;
        }
        Assert.True(Together(cores));

        using var busy = await cores.ForComputationAsync(CancellationToken.None);
        Assert.True(Together(cores));   // one computing, one idle
        var busier = await cores.ForComputationAsync(CancellationToken.None);
        Assert.False(Together(cores));
        busier.Dispose();
        using var upload = cores.ForUpload();
        Assert.False(Together(cores));   // one computing, one applying an upload
    }
}

public class ComputationThreadTests
{
    [Fact]
    public async Task A_computation_runs_on_a_thread_of_its_own_at_a_lower_priority_than_the_pools()
    {
        Assert.True(OperatingSystem.IsLinux(), "the product runs on Linux; this checks the nice value Linux gives the thread");
        var (nice, pooled) = await Cores.OnThreadOfItsOwn(() => (Cores.ThisThreadsNice(), Thread.CurrentThread.IsThreadPoolThread));
        Assert.Equal(Cores.ComputationNice, nice);
        Assert.False(pooled);
        Assert.Equal(0, await Task.Run(Cores.ThisThreadsNice));   // the pool's threads are left as they were
    }
}
