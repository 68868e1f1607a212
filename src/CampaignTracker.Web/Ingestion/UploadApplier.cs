using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion.Sources;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Ingestion;

public sealed record ApplyCounts(int Inserted, int Updated, int Unchanged)
{
    public static readonly ApplyCounts None = new(0, 0, 0);

    public static ApplyCounts operator +(ApplyCounts a, ApplyCounts b) =>
        new(a.Inserted + b.Inserted, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
}

/// <summary>One file of an upload, opened once (its header recognised the dataset), owned and disposed by the caller.</summary>
public sealed record UploadInput(ITableSource Source, string FileName, Dataset Dataset);

/// <summary>
/// Reads every file of an upload once, validating each row and writing it as it goes (DESIGN.md, Data
/// that comes in). Call it inside a transaction: when <see cref="ErrorLog.Count"/> is not 0 afterwards,
/// the caller rolls back, so a file with any error changes nothing. Writes stop at the first error;
/// validation goes on to report every error.
/// </summary>
public class UploadApplier(CampaignDbContext db, UploadProgress progress, UploadTimings timings, ILogger<UploadApplier> log)
{
    public sealed class Run(int uploadId, int? replacesUploadId, IngestionLimits limits, ErrorLog errors)
    {
        public int UploadId { get; } = uploadId;
        public int? ReplacesUploadId { get; } = replacesUploadId;
        public IngestionLimits Limits { get; } = limits;
        public ErrorLog Errors { get; } = errors;
        public List<string> Warnings { get; } = [];

        /// <summary>Influencer ids of this upload's influencers file: valid references even before they are written.</summary>
        public HashSet<string> UploadedInfluencers { get; } = [];
        /// <summary>The tracking rows this upload inserts, held for the snapshot refresh (bounded; see <see cref="BatchSales"/>).</summary>
        public BatchSales Sales { get; } = new(limits.MaxRowsGroupedInMemory);
        public ApplyCounts Counts { get; set; } = ApplyCounts.None;
        public long RowsRead { get; set; }
        public Dictionary<string, long> RowsPerFile { get; } = [];
        public bool Writing => Errors.Count == 0;
    }

    static readonly BulkTable InfluencerInsert = new("Influencers", "ExternalId", "Name", "Category", "Gender", "FollowerCount", "Platform");
    const string InfluencerUpdate = "UPDATE Influencers SET Name = @p1, Category = @p2, Gender = @p3, FollowerCount = @p4, Platform = @p5 WHERE ExternalId = @p0";
    static readonly BulkTable TrackingInsert =
        new("TrackingRows", "UploadId", "Source", "Campaign", "InfluencerId", "UserId", "ProductId", "BrandId", "Date", "Orders", "Revenue", "ExternalId");
    const string TrackingUpdate =
        "UPDATE TrackingRows SET UploadId = @p0, Source = @p1, Campaign = @p2, InfluencerId = @p3, UserId = @p4, ProductId = @p5, BrandId = @p6, " +
        "Date = @p7, Orders = @p8, Revenue = @p9 WHERE Id = @p10";
    static readonly BulkTable PayoutInsert = new("Payouts", "InfluencerId", "Basis", "Rate", "Orders", "TotalPayout", "Status");
    const string PayoutUpdate = "UPDATE Payouts SET Basis = @p1, Rate = @p2, Orders = @p3, TotalPayout = @p4 WHERE InfluencerId = @p0";

    /// <summary>The SQL this class sends on each provider, for SqlServerStatementTests (the merge of posts is <see cref="PostStage"/>'s).</summary>
    internal static IEnumerable<(string Name, string Sql)> Statements(bool sqlServer) =>
    [
        .. BulkInsert.Statements(nameof(InfluencerInsert), InfluencerInsert, sqlServer),
        (nameof(InfluencerUpdate), InfluencerUpdate),
        .. BulkInsert.Statements(nameof(TrackingInsert), TrackingInsert, sqlServer),
        (nameof(TrackingUpdate), TrackingUpdate),
        .. BulkInsert.Statements(nameof(PostStage.PostInsert), PostStage.PostInsert, sqlServer),
        .. BulkInsert.Statements(nameof(PostStage.StageInsert), PostStage.StageInsertOf(sqlServer), sqlServer),
        .. BulkInsert.Statements(nameof(PayoutInsert), PayoutInsert, sqlServer),
        (nameof(PayoutUpdate), PayoutUpdate),
    ];

    public async Task ApplyAsync(IReadOnlyList<UploadInput> files, Run run, CancellationToken ct)
    {
        foreach (var file in files.OrderBy(f => Columns.Order(f.Dataset)))
        {
            ct.ThrowIfCancellationRequested();
            var started = PhaseStart.Now();
            try
            {
                var source = file.Source;
                var columns = MapColumns(source.Headers, file, run);
                if (columns is null) continue;
                var fields = new Fields(file.FileName, source, columns, run.Errors);
                var rows = Rows(source, file, run);
                run.Counts += file.Dataset switch
                {
                    Dataset.Influencers => await ApplyInfluencersAsync(rows.Select(_ => DatasetRows.Influencer(fields)), fields, run, ct),
                    Dataset.Catalogue => await ApplyCatalogueAsync(rows.Select(_ => DatasetRows.Catalogue(fields)), fields, run, ct),
                    Dataset.Posts => await ApplyPostsAsync(rows.Select(_ => DatasetRows.Post(fields)), fields, run, ct),
                    Dataset.Tracking => await ApplyTrackingAsync(rows.Select(_ => DatasetRows.Tracking(fields)), fields, run, ct),
                    _ => await ApplyPayoutsAsync(rows.Select(_ => DatasetRows.Payout(fields)), fields, run, ct),
                };
                if (fields.DayFirst.Verdict("date") is { } dateError) run.Errors.Add(dateError);
                run.Warnings.AddRange(source.Warnings);
                log.LogInformation("{File}: {Rows} {Dataset} rows in {Seconds:F2} s", file.FileName, run.RowsPerFile.GetValueOrDefault(file.FileName),
                    file.Dataset, started.Elapsed.TotalSeconds);
                timings.Record(run.UploadId, $"{file.FileName} ({file.Dataset.ToString().ToLowerInvariant()}): read, validate, write",
                    run.RowsPerFile.GetValueOrDefault(file.FileName), started);
                if (run.RowsPerFile.GetValueOrDefault(file.FileName) == 0) run.Errors.Add(new RowError(file.FileName, 0, "", null, "has a header but no data rows"));
            }
            catch (UnreadableFileException e)
            {
                run.Errors.Add(new RowError(file.FileName, 0, "", null, e.Message));
            }
        }
    }

    // Yields once per data row, keeping progress and the row limit; the caller reads the row through Fields.
    IEnumerable<int> Rows(ITableSource source, UploadInput file, Run run)
    {
        long fileRows = 0;
        while (source.Read())
        {
            fileRows++;
            if (++run.RowsRead % 10_000 == 0)
                progress.Report(run.UploadId, new ProgressReport(run.Writing ? UploadPhase.Writing : UploadPhase.Validating, file.FileName, run.RowsRead,
                    source.TotalBytes == 0 ? 0 : (double)source.BytesRead / source.TotalBytes, fileRows));
            yield return source.RowNumber;
        }
        run.RowsPerFile[file.FileName] = run.RowsPerFile.GetValueOrDefault(file.FileName) + fileRows;
    }

    static Dictionary<string, int>? MapColumns(IReadOnlyList<string> headers, UploadInput file, Run run)
    {
        var byKey = new Dictionary<string, int>();
        for (var i = 0; i < headers.Count; i++)
        {
            var key = Columns.Normalize(headers[i]);
            if (key.Length > 0 && !byKey.TryAdd(key, i))
                run.Errors.Add(new RowError(file.FileName, 1, headers[i], headers[i], $"each column once: '{headers[i]}' repeats column {byKey[key] + 1}"));
        }
        var map = new Dictionary<string, int>();
        var missing = new List<string>();
        foreach (var column in Columns.Of[file.Dataset])
        {
            var index = column.Keys.Select(k => byKey.TryGetValue(k, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
            if (index >= 0) map[column.Name] = index;
            else if (column.Required) missing.Add(column.Name);
        }
        foreach (var name in missing)
            run.Errors.Add(new RowError(file.FileName, 1, name, null,
                $"a column '{name}' in the {file.Dataset.ToString().ToLowerInvariant()} header (found: {string.Join(", ", headers)})"));
        var extra = headers.Where((_, i) => !map.ContainsValue(i)).Where(h => h.Trim().Length > 0).ToList();
        if (extra.Count > 0) run.Warnings.Add($"{file.FileName}: ignored column(s) {string.Join(", ", extra)}");
        return missing.Count == 0 && !run.Errors.First.Any(e => e.File == file.FileName && e.Row == 1) ? map : null;
    }

    async Task<ApplyCounts> ApplyInfluencersAsync(IEnumerable<InfluencerInput> rows, Fields f, Run run, CancellationToken ct)
    {
        var incoming = new Dictionary<string, (InfluencerInput Row, int Line)>();
        foreach (var row in rows)
        {
            if (row.ExternalId.Length == 0) continue;
            if (incoming.TryGetValue(row.ExternalId, out var earlier))
                f.Fail("id", row.ExternalId, $"a unique id: row {earlier.Line} has it too", 0);
            else incoming[row.ExternalId] = (row, f.Row);
        }
        run.UploadedInfluencers.UnionWith(incoming.Keys);
        if (!run.Writing) return ApplyCounts.None;

        var stored = await db.Influencers.AsNoTracking().ToDictionaryAsync(i => i.ExternalId, ct);
        using var insert = BulkInsert.Into(db, InfluencerInsert);
        using var update = new BulkCommand(db, InfluencerUpdate, 6);
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var (row, _) in incoming.Values)
        {
            object?[] values = [row.ExternalId, row.Name, row.Category, row.Gender, row.FollowerCount, row.Platform];
            if (!stored.TryGetValue(row.ExternalId, out var old)) { insert.Add(values); inserted++; }
            else if ((old.Name, old.Category, old.Gender, old.FollowerCount, old.Platform) == (row.Name, row.Category, row.Gender, row.FollowerCount, row.Platform)) unchanged++;
            else { insert.Drain(); update.Run(values); updated++; }
        }
        insert.Complete();
        return new(inserted, updated, unchanged);
    }

    async Task<Dictionary<string, int>> InfluencerIdsAsync(CancellationToken ct) =>
        await db.Influencers.AsNoTracking().ToDictionaryAsync(i => i.ExternalId, i => i.Id, ct);

    sealed record CatalogueEntry(int ProductId, int BrandId, string Brand);

    async Task<Dictionary<string, CatalogueEntry>> CatalogueAsync(CancellationToken ct) =>
        await db.Products.AsNoTracking().Select(p => new { p.Name, p.Id, p.BrandId, Brand = p.Brand!.Name })
            .ToDictionaryAsync(p => p.Name, p => new CatalogueEntry(p.Id, p.BrandId, p.Brand), StringComparer.OrdinalIgnoreCase, ct);

    // DESIGN.md: product → brand; a product mapped to two brands is an error. Brands are data, not code.
    async Task<CatalogueEntry?> ProductAsync(Dictionary<string, CatalogueEntry> catalogue, string product, string? brand, Fields f, bool write, CancellationToken ct)
    {
        if (catalogue.TryGetValue(product, out var known))
        {
            if (brand is null || string.Equals(brand, known.Brand, StringComparison.OrdinalIgnoreCase)) return known;
            return f.Fail<CatalogueEntry?>("brand", brand, $"'{known.Brand}': product '{product}' belongs to that brand (one brand per product)", null);
        }
        if (brand is null)
            return f.Fail<CatalogueEntry?>("brand", null, $"a brand: product '{product}' is not in the catalogue", null);
        if (!write) return catalogue[product] = new CatalogueEntry(0, 0, brand);

        var brandRow = await db.Brands.FirstOrDefaultAsync(b => b.Name == brand, ct) ?? db.Brands.Add(new Brand { Name = brand }).Entity;
        var productRow = db.Products.Add(new Product { Name = product, Brand = brandRow }).Entity;
        await db.SaveChangesAsync(ct);
        return catalogue[product] = new CatalogueEntry(productRow.Id, brandRow.Id, brandRow.Name);
    }

    async Task<ApplyCounts> ApplyCatalogueAsync(IEnumerable<CatalogueInput> rows, Fields f, Run run, CancellationToken ct)
    {
        var catalogue = await CatalogueAsync(ct);
        var before = catalogue.Count;
        var unchanged = 0;
        foreach (var row in rows)
        {
            if (row.Product.Length == 0 || row.Brand.Length == 0) continue;
            var known = catalogue.ContainsKey(row.Product);
            if (await ProductAsync(catalogue, row.Product, row.Brand, f, run.Writing, ct) is not null && known) unchanged++;
        }
        return new(catalogue.Count - before, 0, unchanged);
    }

    async Task<ApplyCounts> ApplyTrackingAsync(IEnumerable<TrackingInput> rows, Fields f, Run run, CancellationToken ct)
    {
        var influencers = await InfluencerIdsAsync(ct);
        var catalogue = await CatalogueAsync(ct);
        if (run.Writing && run.ReplacesUploadId is { } replaced)
            await db.TrackingRows.Where(t => t.UploadId == replaced).ExecuteDeleteAsync(ct);   // DESIGN.md: a corrected batch replaces the earlier one

        var storedIds = await db.TrackingRows.AsNoTracking().Where(t => t.ExternalId != null)
            .ToDictionaryAsync(t => t.ExternalId!, t => t.Id, ct);
        var seenIds = new Dictionary<string, int>();
        using var insert = BulkInsert.Into(db, TrackingInsert);
        using var update = new BulkCommand(db, TrackingUpdate, 11);
        int inserted = 0, updated = 0;
        foreach (var row in rows)
        {
            var influencerId = Influencer(influencers, row.InfluencerId, f, run);
            var product = row.Product.Length == 0 ? null
                : catalogue.TryGetValue(row.Product, out var known) && (row.Brand is null || string.Equals(row.Brand, known.Brand, StringComparison.OrdinalIgnoreCase))
                    ? known   // the common case, without an await per row
                    : await DrainedAsync(insert, () => ProductAsync(catalogue, row.Product, row.Brand, f, run.Writing, ct));
            if (row.ExternalId is { } id && !seenIds.TryAdd(id, f.Row))
                f.Fail("tracking_id", id, $"a unique tracking id: row {seenIds[id]} has it too", 0);
            if (!run.Writing || product is null) continue;

            object?[] values = [run.UploadId, row.Source, row.Campaign, influencerId, row.UserId, product.ProductId, product.BrandId, row.Date, row.Orders, row.Revenue, row.ExternalId];
            if (row.ExternalId is { } externalId && storedIds.TryGetValue(externalId, out var storedId))
            {
                values[^1] = storedId;
                insert.Drain();
                update.Run(values);
                updated++;
            }
            else
            {
                insert.Add(values);
                run.Sales.Add(row.Date, influencerId, product.BrandId, product.ProductId, row.Campaign, row.Orders, row.Revenue);
                inserted++;
            }
        }
        insert.Complete();
        return new(inserted, updated, 0);
    }

    async Task<ApplyCounts> ApplyPostsAsync(IEnumerable<PostInput> rows, Fields f, Run run, CancellationToken ct)
    {
        var influencers = await InfluencerIdsAsync(ct);
        var direct = !await db.Posts.AnyAsync(ct);   // nothing stored yet: insert straight into Posts
        var stage = new PostStage(db);
        if (!direct) await stage.CreateAsync(ct);
        var seen = new Dictionary<ulong, int>();
        var engagementAboveReach = new List<int>();
        var formulaCaptions = new List<int>();
        using var insert = BulkInsert.Into(db, direct ? PostStage.PostInsert : stage.StageInsert);
        foreach (var row in rows)
        {
            var influencerId = Influencer(influencers, row.InfluencerId, f, run);
            // DESIGN.md: posts are keyed by (influencer, platform, date, URL); URLs alone repeat in the seed.
            if (!seen.TryAdd(PostStage.KeyHash(row), f.Row))
                f.Fail("url", row.Url, $"one row per (influencer_id, platform, date, url): row {seen[PostStage.KeyHash(row)]} has the same", 0);
            if (row.Likes + row.Comments > row.Reach) engagementAboveReach.Add(f.Row);
            if (row.Caption is [ '=' or '+' or '-' or '@', ..]) formulaCaptions.Add(f.Row);
            if (run.Writing) insert.Add(influencerId, row.Platform, row.Date, row.Url, row.Caption, row.Reach, row.Likes, row.Comments, row.ExternalId);
        }
        insert.Complete();
        if (engagementAboveReach.Count > 0)
            run.Warnings.Add($"{f.File}: likes + comments exceed reach in {engagementAboveReach.Count} row(s), e.g. row {string.Join(", ", engagementAboveReach.Take(10))}");
        if (formulaCaptions.Count > 0)
            run.Warnings.Add($"{f.File}: {formulaCaptions.Count} caption(s) start like a spreadsheet formula, e.g. row {string.Join(", ", formulaCaptions.Take(10))}: " +
                             "kept as text, and exported as text");
        if (!run.Writing) return ApplyCounts.None;
        return direct ? new ApplyCounts((int)insert.Inserted, 0, 0) : await stage.MergeAsync(ct);
    }

    async Task<ApplyCounts> ApplyPayoutsAsync(IEnumerable<PayoutInput> rows, Fields f, Run run, CancellationToken ct)
    {
        var influencers = await InfluencerIdsAsync(ct);
        var incoming = new Dictionary<int, PayoutInput>();
        var mismatches = new List<int>();
        foreach (var row in rows)
        {
            var influencerId = Influencer(influencers, row.InfluencerId, f, run);
            if (influencerId != 0 && !incoming.TryAdd(influencerId, row))
                f.Fail("influencer_id", row.InfluencerId, $"one payout per influencer: row {incoming[influencerId].Row} has it too", 0);
            if (row.Basis == PayoutBasis.Order && row.Orders is { } orders && row.Rate * orders != row.TotalPayout) mismatches.Add(f.Row);
        }
        if (mismatches.Count > 0)
            run.Warnings.Add($"{f.File}: total_payout is not rate × orders in {mismatches.Count} order-basis row(s), e.g. row {string.Join(", ", mismatches.Take(10))}");
        if (!run.Writing) return ApplyCounts.None;

        var stored = await db.Payouts.AsNoTracking().ToDictionaryAsync(p => p.InfluencerId, ct);
        using var insert = BulkInsert.Into(db, PayoutInsert);
        using var update = new BulkCommand(db, PayoutUpdate, 5);
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var (influencerId, row) in incoming)
        {
            if (!stored.TryGetValue(influencerId, out var old)) { insert.Add(influencerId, row.Basis, row.Rate, row.Orders, row.TotalPayout, PayoutStatus.Pending); inserted++; }
            else if ((old.Basis, old.Rate, old.Orders, old.TotalPayout) == (row.Basis, row.Rate, row.Orders, row.TotalPayout)) unchanged++;
            else { insert.Drain(); update.Run(influencerId, row.Basis, row.Rate, row.Orders, row.TotalPayout); updated++; }
        }
        insert.Complete();
        return new(inserted, updated, unchanged);
    }

    // The bulk insert may be writing on its own thread: the connection is used by one thread at a time.
    static Task<T> DrainedAsync<T>(BulkInsert insert, Func<Task<T>> statement)
    {
        insert.Drain();
        return statement();
    }

    static int Influencer(Dictionary<string, int> influencers, string externalId, Fields f, Run run) =>
        externalId.Length == 0 ? 0
        : influencers.TryGetValue(externalId, out var id) ? id
        : run.UploadedInfluencers.Contains(externalId) ? 0
        : f.Fail("influencer_id", externalId, "the id of an influencer stored or in this upload's influencers file", 0);
}
