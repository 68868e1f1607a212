using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// Rebuilds the snapshot tables from raw rows in set-based SQL that runs on SQLite and SQL Server
/// (DESIGN.md, Snapshots). Runs inside the caller's transaction, so data and snapshots land together.
/// </summary>
public class SnapshotRefresher(CampaignDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Rebuilds every snapshot table from all raw rows. <paramref name="everyTrackingRow"/>: when the caller holds every
    /// stored tracking row in memory (an upload into an empty tracking table), SalesDaily is written from it instead of
    /// grouped in SQL.
    /// </summary>
    /// <returns>How SalesDaily was rebuilt, for the upload's timings.</returns>
    public async Task<string> RefreshAsync(CancellationToken ct, BatchSales? everyTrackingRow = null)
    {
        var units = Units(db.Database.IsSqlite());
        foreach (var sql in SnapshotDeletes)
            await Execute(sql, ct);
        await Execute(PostDailyInsert, ct);
        var inMemory = everyTrackingRow is { Kept: true };
        // On SQLite the sales sums per influencer come with the rows, instead of a GROUP BY over the SalesDaily just written.
        var sums = inMemory ? await InsertSalesAsync(everyTrackingRow!, ct) : null;
        if (!inMemory) await Execute(SalesDailyInsert(units, where: null), ct);
        var addSums = sums is not null && TotalsFromMemory;
        await Execute(InfluencerTotalsInsert(units, salesFromSnapshot: !addSums), ct);
        if (addSums) await AddToTotalsAsync(sums!, ct);
        await BumpVersionAsync(ct);
        return inMemory ? "full rebuild (sales grouped in memory: the upload's rows are every tracking row)" : "full rebuild";
    }

    /// <summary>
    /// After an upload that only added tracking rows (no influencer, post or payout changed, no tracking row
    /// updated or deleted): SalesDaily is rebuilt for the dates the batch touches only, and the batch's sums are
    /// added to InfluencerTotals. The result equals <see cref="RefreshAsync"/> (SnapshotRefresherTests):
    /// SalesDaily rows of other dates have no new tracking row under them, and every InfluencerTotals figure
    /// that depends on tracking rows is a sum over them. PostDaily depends on posts only.
    /// </summary>
    /// <returns>Which rows SalesDaily was rebuilt from, for the upload's timings.</returns>
    /// <param name="batch">The batch's rows in memory, when the upload kept them: SalesDaily of new dates is written from them.</param>
    public async Task<string> AppendTrackingAsync(int uploadId, CancellationToken ct, BatchSales? batch = null)
    {
        var units = Units(db.Database.IsSqlite());
        var inMemory = batch is { Kept: true };
        // The batch's first to last date, read once. Rebuilding days in between that the batch missed is harmless:
        // they come out as a full rebuild makes them.
        var range = inMemory
            ? batch!.Dates is { } dates ? new { dates.First, dates.Last } : null
            : await db.TrackingRows.Where(t => t.UploadId == uploadId).GroupBy(_ => 1)
                .Select(g => new { First = g.Min(t => t.Date), Last = g.Max(t => t.Date) }).SingleOrDefaultAsync(ct);
        if (range is null)
        {
            await BumpVersionAsync(ct);
            return "no rows";
        }
        // The daily case: no earlier row is dated in the batch's range (SalesDaily has a row on a date exactly when
        // some tracking row has it), so the batch's own rows are all there is to group: held in memory since they were
        // read (scale 100: ~7 s instead of ~15 s), or read back through the UploadId index instead of scanning every
        // tracking row for its date (10 s instead of 17 s).
        var datesAreNew = !await db.SalesDaily.AnyAsync(s => s.Date >= range.First && s.Date <= range.Last, ct);
        var sums = datesAreNew && inMemory ? await InsertSalesAsync(batch!, ct) : null;
        if (datesAreNew && !inMemory)
            await db.Database.ExecuteSqlRawAsync(SalesDailyInsert(units, BatchWhere), [uploadId], ct);
        if (!datesAreNew)
        {
            await db.Database.ExecuteSqlRawAsync(SalesDailyRangeDelete, [range.First, range.Last], ct);
            await db.Database.ExecuteSqlRawAsync(SalesDailyInsert(units, RangeWhere), [range.First, range.Last], ct);
        }
        if (sums is not null && TotalsFromMemory) await AddToTotalsAsync(sums, ct);
        else await AddBatchSumsInSqlAsync(uploadId, ct);
        await BumpVersionAsync(ct);
        return !datesAreNew ? "all rows dated in the batch's range"
            : inMemory ? "the batch's rows, grouped in memory: its dates are new"
            : "the batch's rows: its dates are new";
    }

    // The batch's sums per influencer, grouped from its stored rows, added to InfluencerTotals. The payout is looked up
    // once per influencer, after grouping (rate × Σorders = Σ rate × orders).
    Task<int> AddBatchSumsInSqlAsync(int uploadId, CancellationToken ct) => Execute(BatchSumsUpdate(uploadId, db.Database.IsSqlite()), ct);

    static string BatchSumsUpdate(int uploadId, bool sqlite)
    {
        var units = Units(sqlite);
        var batchSums = $"""
            SELECT s.InfluencerId, s.RevenueUnits, s.Orders, CASE WHEN p.Basis = 'Order' THEN {units("p.Rate")} * s.Orders ELSE 0 END AS OrderCostUnits
            FROM (SELECT InfluencerId, SUM({units("Revenue")}) AS RevenueUnits, SUM(Orders) AS Orders
                  FROM TrackingRows WHERE UploadId = {uploadId} GROUP BY InfluencerId) s
            LEFT JOIN Payouts p ON p.InfluencerId = s.InfluencerId
            """;
        return sqlite
            ? $"""
              UPDATE InfluencerTotals SET RevenueUnits = InfluencerTotals.RevenueUnits + b.RevenueUnits, Orders = InfluencerTotals.Orders + b.Orders,
                  OrderCostUnits = InfluencerTotals.OrderCostUnits + b.OrderCostUnits
              FROM ({batchSums}) b WHERE InfluencerTotals.InfluencerId = b.InfluencerId
              """
            : $"""
              UPDATE it SET RevenueUnits = it.RevenueUnits + b.RevenueUnits, Orders = it.Orders + b.Orders, OrderCostUnits = it.OrderCostUnits + b.OrderCostUnits
              FROM InfluencerTotals it JOIN ({batchSums}) b ON it.InfluencerId = b.InfluencerId
              """;
    }

    // SQLite: an UPDATE per influencer is a call into the library, not a round trip; with the batch's date range also
    // taken from memory, the daily batch's refresh went from 9.7–10.0 s to 5.3–7.4 s (bench, scale 100) against grouping
    // the batch's 1.5M rows by influencer in SQL. SQL Server: each UPDATE would be a round trip; its GROUP BY is faster.
    bool TotalsFromMemory => db.Database.IsSqlite();

    /// <summary>Adds sums per influencer to InfluencerTotals (every stored influencer has a row).</summary>
    async Task AddToTotalsAsync(Dictionary<int, InfluencerSales> sums, CancellationToken ct)
    {
        using var update = new Ingestion.BulkCommand(db, TotalsAdd, 4);
        foreach (var (influencerId, s) in sums)
        {
            ct.ThrowIfCancellationRequested();
            update.Run(influencerId, s.RevenueUnits, s.Orders, s.OrderCostUnits);
        }
    }

    /// <summary>One influencer's sums over the SalesDaily rows written from memory.</summary>
    sealed class InfluencerSales
    {
        public long RevenueUnits, Orders, OrderCostUnits;
    }

    /// <summary>
    /// SalesDaily rows of grains summed in memory, with what <see cref="SalesDailyInsert"/> joins in SQL: the influencer's
    /// dimensions (an influencer no longer stored has no rows, as in the SQL's inner join) and the order-basis cost.
    /// </summary>
    /// <returns>The rows' sums per influencer.</returns>
    async Task<Dictionary<int, InfluencerSales>> InsertSalesAsync(BatchSales sales, CancellationToken ct)
    {
        var influencers = await db.Influencers.AsNoTracking()
            .Select(i => new { i.Id, i.Platform, i.Category, i.Gender, i.FollowerCount })
            .ToDictionaryAsync(i => i.Id, i => (i.Platform, i.Category, i.Gender, Tier: Tiers.Of(i.FollowerCount).ToString()), ct);
        var orderRates = (await db.Payouts.AsNoTracking().Where(p => p.Basis == PayoutBasis.Order).Select(p => new { p.InfluencerId, p.Rate }).ToListAsync(ct))
            .ToDictionary(p => p.InfluencerId, p => Money.ToUnits(p.Rate));
        using var insert = Ingestion.BulkInsert.Into(db, SalesGrainInsert);
        var sums = new Dictionary<int, InfluencerSales>();
        foreach (var g in sales.Grains())
        {
            if (!influencers.TryGetValue(g.InfluencerId, out var i)) continue;
            var orderCost = orderRates.GetValueOrDefault(g.InfluencerId) * g.Orders;
            insert.Add(g.Date, g.InfluencerId, g.BrandId, g.ProductId, g.Campaign, i.Platform, i.Category, i.Gender, i.Tier,
                g.Orders, g.Conversions, g.RevenueUnits, orderCost);
            if (!sums.TryGetValue(g.InfluencerId, out var sum)) sums.Add(g.InfluencerId, sum = new InfluencerSales());
            sum.RevenueUnits += g.RevenueUnits;
            sum.Orders += g.Orders;
            sum.OrderCostUnits += orderCost;
        }
        insert.Complete();
        return sums;
    }

    async Task BumpVersionAsync(CancellationToken ct)
    {
        var version = await db.DataVersions.SingleOrDefaultAsync(v => v.Id == 1, ct);
        if (version is null) db.DataVersions.Add(version = new DataVersion { Id = 1 });
        version.Version++;
        version.RefreshedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(ct);
    }

    /// <summary>
    /// Settings of the open connection for a large write (an upload, a refresh): on SQLite, a page cache of
    /// <paramref name="cacheMegabytes"/>, so the GROUP BY sorts and index pages of 1.5M rows stay in memory (the default
    /// 2 MB cache spills them), and no fsync per commit (WAL keeps it durable against a crash of the process; a power cut
    /// may lose the last commits, not corrupt). The admin's full refresh sorts in SQL and takes 64 MB; an upload, whose
    /// sales are grouped in memory, 32 MB (bench, scale 100: peak working set ~405 MB with 64).
    /// </summary>
    public static async Task TuneForBulkWriteAsync(CampaignDbContext db, int cacheMegabytes, CancellationToken ct)
    {
        var settings = $"PRAGMA cache_size = -{cacheMegabytes * 1024}; PRAGMA synchronous = NORMAL;";   // a number, not input
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync(settings, ct);
    }

    /// <summary>
    /// Back to SQLite's defaults (2 MB page cache, a sync per commit) before the connection returns to the pool, and the
    /// large cache's memory handed back: a pooled connection would otherwise hold it for as long as the process.
    /// </summary>
    public static async Task EndBulkWriteAsync(CampaignDbContext db)
    {
        if (db.Database.IsSqlite()) await db.Database.ExecuteSqlRawAsync("PRAGMA cache_size = -2000; PRAGMA synchronous = FULL; PRAGMA shrink_memory;");
    }

    /// <summary>Whether the snapshots were ever built: an incremental refresh needs a complete one to add to.</summary>
    public Task<bool> BuiltAsync(CancellationToken ct) => db.DataVersions.AnyAsync(v => v.Id == 1, ct);

    Task<int> Execute(string sql, CancellationToken ct) => db.Database.ExecuteSqlRawAsync(sql, ct);   // SQL built from constants, ids and the model

    /// <summary>
    /// The SQL this class sends on each provider, for SqlServerStatementTests: {0} and {1} are ExecuteSqlRaw's parameters,
    /// <see cref="BatchSumsUpdate"/> writes its upload id as a number (1 here).
    /// </summary>
    internal static IEnumerable<(string Name, string Sql)> Statements(bool sqlServer)
    {
        var units = Units(sqlite: !sqlServer);
        (string, string)[] sqliteOnly = sqlServer ? [] : [(nameof(TotalsAdd), TotalsAdd)];   // TotalsFromMemory
        return
        [
            .. SnapshotDeletes.Select((sql, i) => ($"{nameof(SnapshotDeletes)}[{i}]", sql)),
            (nameof(PostDailyInsert), PostDailyInsert),
            ($"{nameof(SalesDailyInsert)}(null)", SalesDailyInsert(units, where: null)),
            ($"{nameof(SalesDailyInsert)}({nameof(BatchWhere)})", SalesDailyInsert(units, BatchWhere)),
            ($"{nameof(SalesDailyInsert)}({nameof(RangeWhere)})", SalesDailyInsert(units, RangeWhere)),
            (nameof(SalesDailyRangeDelete), SalesDailyRangeDelete),
            .. Ingestion.BulkInsert.Statements(nameof(SalesGrainInsert), SalesGrainInsert, sqlServer),
            ($"{nameof(InfluencerTotalsInsert)}(true)", InfluencerTotalsInsert(units, salesFromSnapshot: true)),
            ($"{nameof(InfluencerTotalsInsert)}(false)", InfluencerTotalsInsert(units, salesFromSnapshot: false)),
            (nameof(BatchSumsUpdate), BatchSumsUpdate(uploadId: 1, sqlite: !sqlServer)),
            .. sqliteOnly,
        ];
    }

    static readonly string[] SnapshotDeletes = ["DELETE FROM SalesDaily", "DELETE FROM PostDaily", "DELETE FROM InfluencerTotals"];
    const string SalesDailyRangeDelete = "DELETE FROM SalesDaily WHERE Date BETWEEN {0} AND {1}";
    const string BatchWhere = "t.UploadId = {0}";
    const string RangeWhere = "t.Date BETWEEN {0} AND {1}";
    const string TotalsAdd =
        "UPDATE InfluencerTotals SET RevenueUnits = RevenueUnits + @p1, Orders = Orders + @p2, OrderCostUnits = OrderCostUnits + @p3 WHERE InfluencerId = @p0";
    static readonly Ingestion.BulkTable SalesGrainInsert = new("SalesDaily", "Date", "InfluencerId", "BrandId", "ProductId", "Campaign",
        "Platform", "Category", "Gender", "Tier", "Orders", "Conversions", "RevenueUnits", "OrderCostUnits");

    static Func<string, string> Units(bool sqlite) => sqlite ? SqliteUnits : SqlServerUnits;

    // Money (decimal) to whole 1/10,000 units (Money.UnitsPerRupee). SQLite keeps decimals as TEXT:
    // multiply as REAL and round, exact for any amount below ~9e11 rupees.
    static string SqliteUnits(string column) => $"CAST(ROUND({column} * {Money.UnitsPerRupee}) AS INTEGER)";
    static string SqlServerUnits(string column) => $"CAST(ROUND({column} * {Money.UnitsPerRupee}, 0) AS BIGINT)";

    // Grouped by date first, so rows reach SalesDaily's one index (Date) in its order: appended, not inserted at random
    // pages. (A full rebuild used to drop the index, group by influencer first, ~30% faster to sort, and build the index
    // after: at 1.5M rows 9.9 + 2.5 s against 10.9 s this way.) The order cost is rate × the grain's orders, the same
    // integer as the sum of rate × each row's orders (one rate per influencer), so the payout is looked up once per grain
    // row after grouping.
    static string SalesDailyInsert(Func<string, string> units, string? where) =>
        $"""
        INSERT INTO SalesDaily (Date, InfluencerId, BrandId, ProductId, Campaign, Platform, Category, Gender, Tier, Orders, Conversions, RevenueUnits, OrderCostUnits)
        SELECT s.Date, s.InfluencerId, s.BrandId, s.ProductId, s.Campaign, i.Platform, i.Category, i.Gender, {Tiers.SqlCase("i.FollowerCount")},
               s.Orders, s.Conversions, s.RevenueUnits,
               CASE WHEN p.Basis = 'Order' THEN {units("p.Rate")} * s.Orders ELSE 0 END
        FROM (SELECT t.InfluencerId, t.ProductId, t.BrandId, t.Date, t.Campaign,
                     SUM(t.Orders) AS Orders, COUNT(*) AS Conversions, SUM({units("t.Revenue")}) AS RevenueUnits
              FROM TrackingRows t
              {(where is null ? "" : "WHERE " + where)}
              GROUP BY t.Date, t.InfluencerId, t.ProductId, t.BrandId, t.Campaign) s
        JOIN Influencers i ON i.Id = s.InfluencerId
        LEFT JOIN Payouts p ON p.InfluencerId = s.InfluencerId
        """;

    static readonly string PostDailyInsert =
        $"""
        INSERT INTO PostDaily (Date, InfluencerId, Platform, Category, Gender, Tier, Posts, Reach, Likes, Comments)
        SELECT s.Date, s.InfluencerId, s.Platform, i.Category, i.Gender, {Tiers.SqlCase("i.FollowerCount")}, s.Posts, s.Reach, s.Likes, s.Comments
        FROM (SELECT Date, InfluencerId, Platform, COUNT(*) AS Posts, SUM(Reach) AS Reach, SUM(Likes) AS Likes, SUM(Comments) AS Comments
              FROM Posts GROUP BY Date, InfluencerId, Platform) s
        JOIN Influencers i ON i.Id = s.InfluencerId
        """;

    // salesFromSnapshot false: the sales sums start at 0, for the caller to add them (AddToTotalsAsync).
    static string InfluencerTotalsInsert(Func<string, string> units, bool salesFromSnapshot) =>
        $"""
        INSERT INTO InfluencerTotals (InfluencerId, RevenueUnits, Orders, Posts, PostCostUnits, OrderCostUnits, DeclaredUnits)
        SELECT i.Id, COALESCE(s.RevenueUnits, 0), COALESCE(s.Orders, 0), COALESCE(ps.Posts, 0),
               CASE WHEN p.Basis = 'Post' THEN {units("p.Rate")} * COALESCE(ps.Posts, 0) ELSE 0 END,
               COALESCE(s.OrderCostUnits, 0),
               COALESCE({units("p.TotalPayout")}, 0)
        FROM Influencers i
        LEFT JOIN (SELECT InfluencerId, SUM(RevenueUnits) AS RevenueUnits, SUM(Orders) AS Orders, SUM(OrderCostUnits) AS OrderCostUnits
                   FROM SalesDaily {(salesFromSnapshot ? "" : "WHERE 0 = 1")} GROUP BY InfluencerId) s ON s.InfluencerId = i.Id
        LEFT JOIN (SELECT InfluencerId, SUM(Posts) AS Posts FROM PostDaily GROUP BY InfluencerId) ps ON ps.InfluencerId = i.Id
        LEFT JOIN Payouts p ON p.InfluencerId = i.Id
        """;
}
