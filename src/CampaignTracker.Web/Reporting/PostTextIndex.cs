using System.Runtime.CompilerServices;
using System.Text;
using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// The URL and caption of every post of a data version, lower-cased into one UTF-8 block, for the post list's search (`q`):
/// a search is a vectorised IndexOf along the block (1M posts of the demo data: ~70 MB, tens of ms) instead of a LIKE over the
/// Posts table on every request (the snapshots keep no texts). The texts a page shows are still read by id (<see cref="PostText"/>).
/// </summary>
public sealed class PostTextIndex
{
    // Entry e is text[starts[e]..starts[e + 1]) of PostRows[rows[e]]: "url\ncaption\0", lower-cased. A search has no control
    // characters, so no match runs from a URL into its caption or from one post into the next.
    readonly byte[] text;
    readonly int[] starts;
    readonly int[] rows;

    PostTextIndex(byte[] text, int[] starts, int[] rows) => (this.text, this.starts, this.rows) = (text, starts, rows);

    /// <summary>Bytes held (the block and its two int arrays).</summary>
    public long Bytes => text.LongLength + 4L * (starts.Length + rows.Length);

    /// <summary>Marks in <paramref name="bits"/> each post whose URL or caption contains <paramref name="search"/> (any case).</summary>
    public void Mark(string search, ulong[] bits)
    {
        var needle = Encoding.UTF8.GetBytes(search.ToLowerInvariant());
        var block = text.AsSpan(0, starts[^1]);
        var at = 0;
        while (at < block.Length && block[at..].IndexOf(needle) is var found and >= 0)
        {
            var entry = EntryAt(at + found);
            PostSelection.Set(bits, rows[entry]);
            at = starts[entry + 1];   // one match is enough: on to the next post
        }
    }

    int EntryAt(int position)
    {
        var index = Array.BinarySearch(starts, 0, starts.Length - 1, position);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>Reads every post's texts (one pass over the Posts table) for the posts of <paramref name="cube"/>.</summary>
    public static async Task<PostTextIndex> BuildAsync(CampaignDbContext db, SnapshotCube cube, CancellationToken ct)
    {
        // Post id → row of the cube, through the ids in order (no dictionary of a million entries).
        var posts = cube.PostRows;
        var ids = new long[posts.Length];
        var rowOfId = new int[posts.Length];
        for (var i = 0; i < posts.Length; i++) (ids[i], rowOfId[i]) = (posts[i].Id, i);
        Array.Sort(ids, rowOfId);

        var text = new byte[Math.Max(1024, posts.Length * 64)];
        var length = 0;
        var starts = new List<int>(posts.Length + 1);
        var rows = new List<int>(posts.Length);
        var lower = new char[256];
        await SnapshotCube.ReadAsync(db, TextsRead, r =>
        {
            var at = Array.BinarySearch(ids, r.GetInt64(0));
            if (at < 0) return;   // a post newer than these snapshots: not in their lists
            starts.Add(length);
            rows.Add(rowOfId[at]);
            Append(r.GetString(1), '\n');
            Append(r.IsDBNull(2) ? "" : r.GetString(2), '\0');
        }, ct);
        starts.Add(length);
        Array.Resize(ref text, length);
        return new PostTextIndex(text, [.. starts], [.. rows]);

        void Append(string value, char end)
        {
            if (lower.Length < value.Length + 1) lower = new char[value.Length * 2 + 1];
            var chars = value.AsSpan().ToLowerInvariant(lower);
            lower[chars] = end;
            var most = Encoding.UTF8.GetMaxByteCount(chars + 1);
            if (text.Length - length < most) Array.Resize(ref text, Math.Max(text.Length * 2, length + most));
            length += Encoding.UTF8.GetBytes(lower.AsSpan(0, chars + 1), text.AsSpan(length));
        }
    }

    // SQL of constants, the same on both providers.
    const string TextsRead = "SELECT Id, Url, Caption FROM Posts";

    /// <summary>The SQL <see cref="BuildAsync"/> sends on either provider, for SqlServerStatementTests.</summary>
    internal static IEnumerable<(string Name, string Sql)> Statements() => [(nameof(TextsRead), TextsRead)];
}

/// <summary>
/// The <see cref="PostTextIndex"/> of each loaded data version, built on its first search and dropped with its cube (a weak
/// table keyed by the cube): one build per version, shared by every request, with its own database scope.
/// </summary>
public sealed class PostSearch(IServiceScopeFactory scopes, ILogger<PostSearch> log)
{
    // Lazy: two first searches at once start one build.
    readonly ConditionalWeakTable<SnapshotCube, Lazy<Task<PostTextIndex>>> indexes = new();

    public Task<PostTextIndex> IndexAsync(SnapshotCube cube, CancellationToken ct)
    {
        var index = indexes.GetValue(cube, c => new Lazy<Task<PostTextIndex>>(() => BuildAsync(c))).Value;
        if (index.IsFaulted) indexes.Remove(cube);   // the next search tries again
        return index.WaitAsync(ct);
    }

    async Task<PostTextIndex> BuildAsync(SnapshotCube cube)
    {
        var started = System.Diagnostics.Stopwatch.StartNew();
        using var scope = scopes.CreateScope();
        var index = await PostTextIndex.BuildAsync(scope.ServiceProvider.GetRequiredService<CampaignDbContext>(), cube, CancellationToken.None);
        log.LogInformation("Built the post search index of data version {Version}: {Posts} posts, {Mb:F1} MB in {Ms} ms",
            cube.Version, cube.PostRows.Length, index.Bytes / 1048576.0, started.ElapsedMilliseconds);
        return index;
    }
}
