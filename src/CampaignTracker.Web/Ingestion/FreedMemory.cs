using System.Runtime.InteropServices;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// Hands back to the OS what a large upload freed: the managed heap (an aggressive, compacting collection) and, on
/// Linux, what the C allocator kept of SQLite's freed page cache and sorter memory (malloc_trim). At scale 100 the
/// process kept ~250 MB of working set between uploads without it, though the heap and SQLite held ~150 MB.
/// </summary>
public static class FreedMemory
{
    /// <summary>Below this many rows an upload leaves too little to be worth a full collection (~0.1 s at scale 100).</summary>
    public const long MinRows = 100_000;

    public static void Release()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            MallocTrim(0);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // not glibc (e.g. musl): its allocator returns memory on its own terms
        }
    }

    [DllImport("libc", EntryPoint = "malloc_trim")]
    static extern int MallocTrim(nuint pad);
}
