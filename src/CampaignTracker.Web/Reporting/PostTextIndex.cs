using System.Numerics;
using System.Runtime.CompilerServices;
using System.Text;
using CampaignTracker.Web.Data;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// The URL and caption of every post of a data version in one UTF-8 block: for the post list's search (`q`), a vectorised
/// IndexOf along the block (1M posts of the demo data: ~76 MB, tens of ms) instead of a LIKE over the Posts table on every
/// request, and for the CSV of every post, whose texts it gives in any order at memory speed (read by id from the table,
/// 2,000 at a time, they came at ~110,000 posts/s: SQLite looking up rows scattered over its pages). The snapshots keep
/// no texts; a page's 50 rows still read theirs by id (<see cref="PostText"/>).
/// </summary>
public sealed class PostTextIndex
{
    // Entry e of PostRows[rows[e]]: its URL from starts[e], a 0 byte, its caption from captions[e], a 0 byte, up to starts[e + 1].
    // A search has no control characters, so no match runs from a URL into its caption or from one post into the next.
    readonly byte[] text;
    readonly int[] starts, captions, rows, entryOfRow;

    PostTextIndex(byte[] text, int[] starts, int[] captions, int[] rows, int postCount)
    {
        (this.text, this.starts, this.captions, this.rows) = (text, starts, captions, rows);
        entryOfRow = new int[postCount];
        Array.Fill(entryOfRow, -1);
        for (var e = 0; e < rows.Length; e++) entryOfRow[rows[e]] = e;
    }

    /// <summary>Bytes held (the block and its int arrays): ~92 MB for the demo's 1M posts.</summary>
    public long Bytes => text.LongLength + 4L * (starts.Length + captions.Length + rows.Length + entryOfRow.Length);

    /// <summary>The texts of the post at <paramref name="row"/> of <see cref="SnapshotCube.PostRows"/> (an empty caption for none).</summary>
    public PostText? TextOf(int row)
    {
        var e = entryOfRow[row];
        return e < 0 ? null : new PostText(Decode(starts[e], captions[e] - 1), Decode(captions[e], starts[e + 1] - 1));
    }

    string Decode(int from, int to) => Encoding.UTF8.GetString(text, from, to - from);

    /// <summary>Marks in <paramref name="bits"/> each post whose URL or caption contains <paramref name="search"/> (any case).</summary>
    public void Mark(string search, ulong[] bits)
    {
        if (!Ascii.IsValid(search))
        {
            // Letters beyond ASCII change case outside the block's simple folding: each post's texts compared as strings (slower).
            for (var e = 0; e < rows.Length; e++)
                if (Decode(starts[e], starts[e + 1]).Contains(search, StringComparison.OrdinalIgnoreCase)) PostSelection.Set(bits, rows[e]);
            return;
        }
        var needle = Encoding.ASCII.GetBytes(search);
        FoldAscii(needle, needle);
        var scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(ChunkBytes);
        try
        {
            // Whole entries at a time, folded to lower case into the scratch buffer, then searched.
            for (var first = 0; first < rows.Length;)
            {
                var end = EntryAt(starts[first] + ChunkBytes) + 1;
                if (end <= first) end = first + 1;
                var (from, to) = (starts[first], starts[end]);
                if (scratch.Length < to - from)
                {
                    System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
                    scratch = System.Buffers.ArrayPool<byte>.Shared.Rent(to - from);
                }
                var chunk = scratch.AsSpan(0, to - from);
                FoldAscii(text.AsSpan(from, to - from), chunk);
                var at = 0;
                while (at < chunk.Length && chunk[at..].IndexOf(needle) is var found and >= 0)
                {
                    var entry = EntryAt(from + at + found);
                    PostSelection.Set(bits, rows[entry]);
                    at = starts[entry + 1] - from;   // one match is enough: on to the next post
                }
                first = end;
            }
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    const int ChunkBytes = 1 << 20;

    int EntryAt(int position)
    {
        var index = Array.BinarySearch(starts, 0, starts.Length - 1, position);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>ASCII letters to lower case, every other byte as it is (so a UTF-8 sequence stays whole).</summary>
    static void FoldAscii(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var a = new Vector<byte>((byte)'A');
            var letters = new Vector<byte>(26);
            var lower = new Vector<byte>(0x20);
            for (; i <= source.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                var v = new Vector<byte>(source[i..]);
                (v | (Vector.LessThan(v - a, letters) & lower)).CopyTo(destination[i..]);   // bytes below 'A' wrap above 26
            }
        }
        for (; i < source.Length; i++) destination[i] = (uint)(source[i] - 'A') < 26 ? (byte)(source[i] | 0x20) : source[i];
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

        // ~80 bytes a post (the demo's URL and caption: 76): one block, grown by half when short, trimmed only when much too long,
        // so that the build seldom holds two blocks at once.
        var text = new byte[Math.Max(1024, posts.Length * 80L)];
        var length = 0;
        var starts = new List<int>(posts.Length + 1);
        var captions = new List<int>(posts.Length);
        var rows = new List<int>(posts.Length);
        await SnapshotCube.ReadAsync(db, TextsRead, r =>
        {
            var at = Array.BinarySearch(ids, r.GetInt64(0));
            if (at < 0) return;   // a post newer than these snapshots: not in their lists
            starts.Add(length);
            rows.Add(rowOfId[at]);
            Append(r.GetString(1));
            captions.Add(length);
            Append(r.IsDBNull(2) ? "" : r.GetString(2));
        }, ct);
        starts.Add(length);
        if (length < text.Length * 9L / 10) Array.Resize(ref text, length);
        return new PostTextIndex(text, [.. starts], [.. captions], [.. rows], posts.Length);

        void Append(string value)
        {
            var most = Encoding.UTF8.GetMaxByteCount(value.Length) + 1;
            if (text.Length - length < most) Array.Resize(ref text, (int)Math.Min(Array.MaxLength, Math.Max(text.Length * 3L / 2, length + most)));
            length += Encoding.UTF8.GetBytes(value, text.AsSpan(length));
            text[length++] = 0;
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
