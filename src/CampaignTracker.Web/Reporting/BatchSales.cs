using System.Runtime.InteropServices;
using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Web.Reporting;

/// <summary>One SalesDaily grain (date, influencer, brand, product, campaign) with its sums over a tracking batch.</summary>
public readonly record struct SalesGrain(DateOnly Date, int InfluencerId, int BrandId, int ProductId, string Campaign,
    long Orders, long Conversions, long RevenueUnits);

/// <summary>
/// The tracking rows an upload writes, kept by date as they stream in, so that the snapshot refresh can write the
/// batch's SalesDaily rows from memory instead of having SQLite read the rows back and sort them by the grain (scale
/// 100: that GROUP BY was 5–7 s of the refresh's ~15 s). Sums are the SQL's: orders, rows (conversions), revenue in
/// <see cref="Money.UnitsPerRupee"/> units rounded per row.
/// Memory is bounded: 32 bytes a row up to the limit (Ingestion:MaxRowsGroupedInMemory); a larger batch is dropped (<see cref="Kept"/> false)
/// and the refresh groups in SQL as before.
/// </summary>
public sealed class BatchSales(long maxRows = BatchSales.DefaultMaxRows)
{
    /// <summary>~130 MB of rows at most.</summary>
    public const long DefaultMaxRows = 4_000_000;

    // Rows are kept in chunks of 256 KB, on the large object heap: never copied by a collection (as smaller arrays are
    // when promoted), never copied as a day grows, no slack but a day's last chunk (lists of 1.5M rows, grown by doubling,
    // left as much garbage as they held).
    const int ChunkRows = 8192;

    readonly Dictionary<DateOnly, Day> byDate = [];
    readonly Dictionary<string, int> campaignIds = new(StringComparer.Ordinal);   // SQLite groups TEXT by its bytes
    readonly List<string> campaigns = [];
    long rows;
    bool read;

    /// <summary>The first and last date of the rows added; null when none were.</summary>
    public (DateOnly First, DateOnly Last)? Dates => byDate.Count == 0 ? null : (byDate.Keys.Min(), byDate.Keys.Max());

    /// <summary>Whether every row added is held (false once the batch outgrew its limit).</summary>
    public bool Kept => rows <= maxRows;

    public void Add(DateOnly date, int influencerId, int brandId, int productId, string campaign, int orders, decimal revenue)
    {
        if (++rows > maxRows)
        {
            Discard();   // hand the memory back: the refresh falls back to SQL
            return;
        }
        if (!campaignIds.TryGetValue(campaign, out var campaignId))
        {
            campaignIds.Add(campaign, campaignId = campaigns.Count);
            campaigns.Add(campaign);
        }
        if (!byDate.TryGetValue(date, out var day)) byDate.Add(date, day = new Day());
        day.Add(new Sale(Money.ToUnits(revenue), influencerId, brandId, productId, campaignId, orders));
    }

    /// <summary>Lets go of the rows (a refresh that did not need them).</summary>
    public void Discard() => byDate.Clear();

    /// <summary>
    /// The grains in date order (SalesDaily's index), each day's rows sorted by the rest of the grain and summed.
    /// Read once: each day's rows are let go as soon as its grains are out.
    /// </summary>
    public IEnumerable<SalesGrain> Grains()
    {
        if (!Kept) throw new InvalidOperationException($"the batch outgrew {maxRows:N0} rows and was not kept");
        if (read) throw new InvalidOperationException("the batch's grains were read already: its rows are gone");
        read = true;
        var buffer = new Sale[byDate.Values.Select(d => d.Count).DefaultIfEmpty(0).Max()];
        foreach (var date in byDate.Keys.Order().ToList())
        {
            var count = byDate[date].MoveTo(buffer);
            byDate.Remove(date);
            buffer.AsSpan(0, count).Sort(default(GrainOrder));
            for (var start = 0; start < count;)
            {
                var first = buffer[start];
                long orders = 0, revenue = 0;
                var end = start;
                for (; end < count && default(GrainOrder).Compare(buffer[end], first) == 0; end++)
                {
                    orders += buffer[end].Orders;
                    revenue += buffer[end].RevenueUnits;
                }
                yield return new SalesGrain(date, first.InfluencerId, first.BrandId, first.ProductId, campaigns[first.CampaignId], orders, end - start, revenue);
                start = end;
            }
        }
    }

    readonly record struct Sale(long RevenueUnits, int InfluencerId, int BrandId, int ProductId, int CampaignId, int Orders);

    sealed class Day
    {
        readonly List<Sale[]> chunks = [];

        public int Count { get; private set; }

        public void Add(Sale sale)
        {
            if (Count % ChunkRows == 0) chunks.Add(GC.AllocateUninitializedArray<Sale>(ChunkRows));
            chunks[^1][Count++ % ChunkRows] = sale;
        }

        public int MoveTo(Sale[] buffer)
        {
            for (var i = 0; i < chunks.Count; i++)
                chunks[i].AsSpan(0, Math.Min(ChunkRows, Count - i * ChunkRows)).CopyTo(buffer.AsSpan(i * ChunkRows));
            chunks.Clear();
            return Count;
        }
    }

    readonly struct GrainOrder : IComparer<Sale>
    {
        public int Compare(Sale a, Sale b)
        {
            var c = a.InfluencerId.CompareTo(b.InfluencerId);
            if (c == 0) c = a.ProductId.CompareTo(b.ProductId);
            if (c == 0) c = a.BrandId.CompareTo(b.BrandId);
            return c != 0 ? c : a.CampaignId.CompareTo(b.CampaignId);
        }
    }
}
