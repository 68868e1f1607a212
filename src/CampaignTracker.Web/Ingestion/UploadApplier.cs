using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Ingestion;

public sealed record ApplyCounts(int Inserted, int Updated, int Unchanged)
{
    public static ApplyCounts operator +(ApplyCounts a, ApplyCounts b) =>
        new(a.Inserted + b.Inserted, a.Updated + b.Updated, a.Unchanged + b.Unchanged);
}

/// <summary>
/// Checks references across the files of one upload and the stored data, then upserts every file by
/// its key (DESIGN.md, Data that comes in). Call inside a transaction: it saves but never commits.
/// </summary>
public class UploadApplier(CampaignDbContext db)
{
    /// <summary>Errors that only the whole upload set and the stored data reveal; empty when it can be applied.</summary>
    public async Task<List<RowError>> CheckReferencesAsync(IReadOnlyList<DatasetFile> files, CancellationToken ct)
    {
        var errors = new List<RowError>();
        var known = (await db.Influencers.Select(i => i.ExternalId).ToListAsync(ct)).ToHashSet();
        known.UnionWith(files.SelectMany(f => f.Influencers).Select(i => i.ExternalId));
        foreach (var file in files)
        {
            IEnumerable<(int Row, string Id)> references =
                [.. file.Posts.Select(p => (p.Row, p.InfluencerId)), .. file.Tracking.Select(t => (t.Row, t.InfluencerId)),
                 .. file.Payouts.Select(p => (p.Row, p.InfluencerId))];
            errors.AddRange(references.Where(r => !known.Contains(r.Id))
                .Select(r => new RowError(file.FileName, r.Row, "influencer_id", r.Id, "the id of an influencer stored or in this upload")));
        }

        var catalogue = await CatalogueAsync(files, ct);
        foreach (var file in files)
            foreach (var conflict in catalogue.Conflicts.Where(c => c.File == file.FileName))
                errors.Add(new RowError(file.FileName, conflict.Row, "brand", conflict.Brand, $"one brand per product: '{conflict.Product}' is already {conflict.Existing}"));
        foreach (var file in files)
            errors.AddRange(file.Tracking.Where(t => t.Brand is null && !catalogue.BrandOf.ContainsKey(t.Product))
                .Select(t => new RowError(file.FileName, t.Row, "brand", null, $"a brand: product '{t.Product}' is not in the catalogue")));
        return errors;
    }

    public async Task<ApplyCounts> ApplyAsync(IReadOnlyList<DatasetFile> files, int uploadId, CancellationToken ct)
    {
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var counts = new ApplyCounts(0, 0, 0);
        foreach (var file in files.Where(f => f.Dataset == Dataset.Influencers))
            counts += await UpsertInfluencersAsync(file.Influencers, ct);

        var catalogue = await CatalogueAsync(files, ct);
        var products = await SaveCatalogueAsync(catalogue.BrandOf, ct);
        var influencerIds = await db.Influencers.AsNoTracking().ToDictionaryAsync(i => i.ExternalId, i => i.Id, ct);

        foreach (var file in files.Where(f => f.Dataset == Dataset.Posts))
            counts += await UpsertPostsAsync(file.Posts, influencerIds, ct);
        foreach (var file in files.Where(f => f.Dataset == Dataset.Tracking))
            counts += await InsertTrackingAsync(file.Tracking, uploadId, influencerIds, products, ct);
        foreach (var file in files.Where(f => f.Dataset == Dataset.Payouts))
            counts += await UpsertPayoutsAsync(file.Payouts, influencerIds, ct);
        db.ChangeTracker.AutoDetectChangesEnabled = true;
        return counts;
    }

    async Task<ApplyCounts> UpsertInfluencersAsync(List<InfluencerInput> rows, CancellationToken ct)
    {
        var stored = await db.Influencers.ToDictionaryAsync(i => i.ExternalId, ct);
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var last in rows.GroupBy(r => r.ExternalId).Select(g => g.Last()))   // a repeated id: its last row wins
        {
            if (!stored.TryGetValue(last.ExternalId, out var influencer))
            {
                db.Influencers.Add(new Influencer { ExternalId = last.ExternalId, Name = last.Name, Category = last.Category, Gender = last.Gender, FollowerCount = last.FollowerCount, Platform = last.Platform });
                inserted++;
            }
            else if ((influencer.Name, influencer.Category, influencer.Gender, influencer.FollowerCount, influencer.Platform) ==
                     (last.Name, last.Category, last.Gender, last.FollowerCount, last.Platform)) unchanged++;
            else
            {
                (influencer.Name, influencer.Category, influencer.Gender, influencer.FollowerCount, influencer.Platform) =
                    (last.Name, last.Category, last.Gender, last.FollowerCount, last.Platform);
                db.Entry(influencer).State = EntityState.Modified;
                updated++;
            }
        }
        await db.SaveChangesAsync(ct);
        return new(inserted, updated, unchanged);
    }

    sealed record CatalogueConflict(string File, int Row, string Product, string Brand, string Existing);

    sealed record Catalogue(Dictionary<string, string> BrandOf, List<CatalogueConflict> Conflicts);

    // Product → brand from the stored catalogue, catalogue files, then tracking rows' own brand column.
    async Task<Catalogue> CatalogueAsync(IReadOnlyList<DatasetFile> files, CancellationToken ct)
    {
        var brandOf = await db.Products.Select(p => new { p.Name, Brand = p.Brand!.Name }).ToDictionaryAsync(p => p.Name, p => p.Brand, StringComparer.OrdinalIgnoreCase, ct);
        var conflicts = new List<CatalogueConflict>();
        IEnumerable<(string File, int Row, string Product, string Brand)> pairs =
        [
            .. files.SelectMany(f => f.Catalogue.Select(c => (f.FileName, c.Row, c.Product, c.Brand))),
            .. files.SelectMany(f => f.Tracking.Where(t => t.Brand is not null).Select(t => (f.FileName, t.Row, t.Product, t.Brand!))),
        ];
        foreach (var (file, row, product, brand) in pairs)
        {
            if (!brandOf.TryAdd(product, brand) && !string.Equals(brandOf[product], brand, StringComparison.OrdinalIgnoreCase))
                conflicts.Add(new CatalogueConflict(file, row, product, brand, brandOf[product]));
        }
        return new Catalogue(brandOf, conflicts);
    }

    async Task<Dictionary<string, Product>> SaveCatalogueAsync(Dictionary<string, string> brandOf, CancellationToken ct)
    {
        var brands = await db.Brands.ToDictionaryAsync(b => b.Name, StringComparer.OrdinalIgnoreCase, ct);
        foreach (var name in brandOf.Values.Distinct(StringComparer.OrdinalIgnoreCase).Where(n => !brands.ContainsKey(n)))
            db.Brands.Add(brands[name] = new Brand { Name = name });
        await db.SaveChangesAsync(ct);

        var products = await db.Products.ToDictionaryAsync(p => p.Name, StringComparer.OrdinalIgnoreCase, ct);
        foreach (var (product, brand) in brandOf.Where(p => !products.ContainsKey(p.Key)))
            db.Products.Add(products[product] = new Product { Name = product, BrandId = brands[brand].Id });
        await db.SaveChangesAsync(ct);
        return products;
    }

    async Task<ApplyCounts> UpsertPostsAsync(List<PostInput> rows, Dictionary<string, int> influencerIds, CancellationToken ct)
    {
        var stored = await db.Posts.ToDictionaryAsync(p => (p.InfluencerId, p.Platform, p.Date, p.Url), ct);
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            var key = (influencerIds[row.InfluencerId], row.Platform, row.Date, row.Url);
            if (!stored.TryGetValue(key, out var post))
            {
                post = new Post { InfluencerId = key.Item1, Platform = row.Platform, Date = row.Date, Url = row.Url };
                stored[key] = post;
                db.Posts.Add(post);
                inserted++;
            }
            else if ((post.Caption, post.Reach, post.Likes, post.Comments) == (row.Caption, row.Reach, row.Likes, row.Comments))
            {
                unchanged++;
                continue;
            }
            else
            {
                if (db.Entry(post).State != EntityState.Added) db.Entry(post).State = EntityState.Modified;
                updated++;
            }
            (post.Caption, post.Reach, post.Likes, post.Comments) = (row.Caption, row.Reach, row.Likes, row.Comments);
        }
        await db.SaveChangesAsync(ct);
        return new(inserted, updated, unchanged);
    }

    async Task<ApplyCounts> InsertTrackingAsync(List<TrackingInput> rows, int uploadId, Dictionary<string, int> influencerIds,
        Dictionary<string, Product> products, CancellationToken ct)
    {
        db.TrackingRows.AddRange(rows.Select(r => new TrackingRow
        {
            UploadId = uploadId, Source = r.Source, Campaign = r.Campaign, InfluencerId = influencerIds[r.InfluencerId], UserId = r.UserId,
            ProductId = products[r.Product].Id, BrandId = products[r.Product].BrandId, Date = r.Date, Orders = r.Orders, Revenue = r.Revenue,
        }));
        await db.SaveChangesAsync(ct);
        return new(rows.Count, 0, 0);
    }

    async Task<ApplyCounts> UpsertPayoutsAsync(List<PayoutInput> rows, Dictionary<string, int> influencerIds, CancellationToken ct)
    {
        var stored = await db.Payouts.ToDictionaryAsync(p => p.InfluencerId, ct);
        int inserted = 0, updated = 0, unchanged = 0;
        foreach (var row in rows)
        {
            var influencerId = influencerIds[row.InfluencerId];
            if (!stored.TryGetValue(influencerId, out var payout))
            {
                db.Payouts.Add(stored[influencerId] = new Payout { InfluencerId = influencerId, Basis = row.Basis, Rate = row.Rate, Orders = row.Orders, TotalPayout = row.TotalPayout });
                inserted++;
            }
            else if ((payout.Basis, payout.Rate, payout.Orders, payout.TotalPayout) == (row.Basis, row.Rate, row.Orders, row.TotalPayout)) unchanged++;
            else
            {
                (payout.Basis, payout.Rate, payout.Orders, payout.TotalPayout) = (row.Basis, row.Rate, row.Orders, row.TotalPayout);
                if (db.Entry(payout).State != EntityState.Added) db.Entry(payout).State = EntityState.Modified;
                updated++;
            }
        }
        await db.SaveChangesAsync(ct);
        return new(inserted, updated, unchanged);
    }
}
