using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

/// <summary>
/// The filters of every page and JSON twin, bound from the query string with the same names
/// (`from`, `to` as yyyy-MM-dd inclusive; `brand`, `product`, `campaign`, `platform`, `category`, `tier`,
/// `gender` repeatable). Platform is the influencer's primary platform for sales and payouts and the
/// post's own platform for post metrics (DESIGN.md, Filters).
/// </summary>
public sealed class KpiFilters
{
    public DateOnly? From { get; set; }
    public DateOnly? To { get; set; }
    public string[] Brand { get; set; } = [];
    public string[] Product { get; set; } = [];
    public string[] Campaign { get; set; } = [];
    public string[] Platform { get; set; } = [];
    public string[] Category { get; set; } = [];
    public string[] Tier { get; set; } = [];
    public string[] Gender { get; set; } = [];

    /// <summary>The same filters over the period of the same length just before [From, To]; null without both dates.</summary>
    public KpiFilters? PreviousPeriod()
    {
        if (From is not { } from || To is not { } to || to < from) return null;
        var days = to.DayNumber - from.DayNumber + 1;
        var previous = (KpiFilters)MemberwiseClone();
        previous.From = from.AddDays(-days);
        previous.To = from.AddDays(-1);
        return previous;
    }

    /// <summary>Brand, product or campaign: dimensions of a sale, which cut an influencer's revenue in parts.</summary>
    public bool CutsSales => Brand.Length + Product.Length + Campaign.Length > 0;

    /// <summary>Platform, category, tier or gender: dimensions of the influencer, which keep or drop an influencer whole.</summary>
    public bool PicksInfluencers => Platform.Length + Category.Length + Tier.Length + Gender.Length > 0;

    public bool IsEmpty => From is null && To is null && !CutsSales && !PicksInfluencers;

    /// <summary>Whether an influencer's own dimensions pass the filters: the rule <see cref="InfluencerSlice"/> applies in SQL.</summary>
    public bool Picks(Influencer influencer) =>
        (Platform.Length == 0 || Platform.Contains(influencer.Platform))
        && (Category.Length == 0 || Category.Contains(influencer.Category))
        && (Tier.Length == 0 || Tier.Contains(Tiers.Of(influencer.FollowerCount).ToString()))
        && (Gender.Length == 0 || (influencer.Gender is not null && Gender.Contains(influencer.Gender)));

    /// <summary>Sales rows in the date range, of influencers with the chosen dimensions (all brands, products, campaigns).</summary>
    public IQueryable<SalesDaily> InfluencerSlice(IQueryable<SalesDaily> sales)
    {
        if (From is { } from) sales = sales.Where(s => s.Date >= from);
        if (To is { } to) sales = sales.Where(s => s.Date <= to);
        if (Platform.Length > 0) sales = sales.Where(s => Platform.Contains(s.Platform));
        if (Category.Length > 0) sales = sales.Where(s => Category.Contains(s.Category));
        if (Tier.Length > 0) sales = sales.Where(s => Tier.Contains(s.Tier));
        if (Gender.Length > 0) sales = sales.Where(s => s.Gender != null && Gender.Contains(s.Gender));
        return sales;
    }

    /// <summary>The sales rows of the slice: <see cref="InfluencerSlice"/> cut by brand, product and campaign.</summary>
    public async Task<IQueryable<SalesDaily>> SalesSliceAsync(IQueryable<SalesDaily> sales, CampaignDbContext db, CancellationToken ct)
    {
        sales = InfluencerSlice(sales);
        if (Brand.Length > 0)
        {
            var ids = await db.Brands.Where(b => Brand.Contains(b.Name)).Select(b => b.Id).ToListAsync(ct);
            sales = sales.Where(s => ids.Contains(s.BrandId));
        }
        if (Product.Length > 0)
        {
            var ids = await db.Products.Where(p => Product.Contains(p.Name)).Select(p => p.Id).ToListAsync(ct);
            sales = sales.Where(s => ids.Contains(s.ProductId));
        }
        if (Campaign.Length > 0) sales = sales.Where(s => Campaign.Contains(s.Campaign));
        return sales;
    }

    /// <summary>Post rows in the date range, on the chosen post platforms, of influencers with the chosen dimensions.</summary>
    public IQueryable<PostDaily> Posts(IQueryable<PostDaily> posts)
    {
        if (From is { } from) posts = posts.Where(p => p.Date >= from);
        if (To is { } to) posts = posts.Where(p => p.Date <= to);
        if (Platform.Length > 0) posts = posts.Where(p => Platform.Contains(p.Platform));
        if (Category.Length > 0) posts = posts.Where(p => Category.Contains(p.Category));
        if (Tier.Length > 0) posts = posts.Where(p => Tier.Contains(p.Tier));
        if (Gender.Length > 0) posts = posts.Where(p => p.Gender != null && Gender.Contains(p.Gender));
        return posts;
    }
}
