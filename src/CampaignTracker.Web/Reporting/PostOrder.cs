using System.Numerics;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// Every post of a data version (<see cref="SnapshotCube.PostRows"/>) in the order of one column, ties by post id, computed once
/// per version and column: a page of any view's posts is then a walk along it that picks the view's posts, not a sort of them
/// (1M posts: a sort takes ~0.2 s, a walk a few ms). An undefined ERR (no reach) comes last either way (DESIGN.md, Formulas).
/// </summary>
public sealed class PostOrder
{
    /// <summary>The columns the post list sorts by (`sort`).</summary>
    public static readonly string[] Columns = ["date", "reach", "likes", "comments", "engagements", "err"];

    // Row indexes of PostRows, ascending; those from `defined` on have no value (ERR without reach).
    readonly int[] rows;
    readonly int defined;

    PostOrder(int[] rows, int defined) => (this.rows, this.defined) = (rows, defined);

    /// <summary>The rows <paramref name="selection"/> holds, in this order or its reverse, undefined values last.</summary>
    public IEnumerable<int> Walk(PostSelection selection, bool descending)
    {
        if (descending)
        {
            for (var i = defined - 1; i >= 0; i--) if (selection.Has(rows[i])) yield return rows[i];
            for (var i = rows.Length - 1; i >= defined; i--) if (selection.Has(rows[i])) yield return rows[i];
        }
        else
        {
            foreach (var row in rows) if (selection.Has(row)) yield return row;
        }
    }

    /// <param name="column">One of <see cref="Columns"/>.</param>
    public static PostOrder Of(SnapshotCube cube, string column)
    {
        var posts = cube.PostRows;
        var ranks = new Rank[posts.Length];
        var rows = new int[posts.Length];
        var undefined = 0;
        for (var i = 0; i < posts.Length; i++)
        {
            ref readonly var p = ref posts[i];
            double value = column switch
            {
                "date" => p.Day,
                "reach" => p.Reach,
                "likes" => p.Likes,
                "comments" => p.Comments,
                "engagements" => p.Engagements,
                "err" => p.Reach == 0 ? double.PositiveInfinity : (double)p.Engagements / p.Reach,
                _ => throw new ArgumentOutOfRangeException(nameof(column), column, "not a post column"),
            };
            if (double.IsPositiveInfinity(value)) undefined++;
            ranks[i] = new Rank(value, p.Id);
            rows[i] = i;
        }
        Array.Sort(ranks, rows);
        return new PostOrder(rows, posts.Length - undefined);
    }

    // Counts below 2^53 are exact as doubles; equal ERR fractions divide to the same double.
    readonly record struct Rank(double Value, long Id) : IComparable<Rank>
    {
        public int CompareTo(Rank other) => Value != other.Value ? Value.CompareTo(other.Value) : Id.CompareTo(other.Id);
    }
}

/// <summary>Which posts of <see cref="SnapshotCube.PostRows"/> a list holds: one bit per post (125 KB for 1M posts).</summary>
public sealed class PostSelection
{
    readonly ulong[] bits;

    public PostSelection(ulong[] bits, int? count = null)
    {
        this.bits = bits;
        Count = count ?? bits.Sum(BitOperations.PopCount);
    }

    public int Count { get; }

    /// <summary>Post n is bit n % 64 of word n / 64.</summary>
    public ReadOnlySpan<ulong> Words => bits;

    public bool Has(int row) => Has(bits, row);

    /// <summary>The posts both selections hold.</summary>
    public PostSelection And(PostSelection other)
    {
        var both = new ulong[bits.Length];
        for (var w = 0; w < both.Length; w++) both[w] = bits[w] & other.bits[w];
        return new PostSelection(both);
    }

    /// <summary>An empty set of bits for <paramref name="rows"/> posts.</summary>
    public static ulong[] Bits(int rows) => new ulong[(rows + 63) >> 6];

    public static void Set(ulong[] bits, int row) => bits[row >> 6] |= 1UL << row;

    public static bool Has(ulong[] bits, int row) => (bits[row >> 6] & (1UL << row)) != 0;
}
