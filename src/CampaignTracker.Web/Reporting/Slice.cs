namespace CampaignTracker.Web.Reporting;

/// <summary>Sales of one influencer in a slice (or in one part of it, e.g. a campaign): sums of SalesDaily rows.</summary>
public record struct InfluencerSales(long RevenueUnits, long Orders, long Conversions, long OrderCostUnits)
{
    /// <summary>Every SalesDaily row counts at least one conversion: no conversions, no sales rows.</summary>
    public readonly bool Any => Conversions > 0;

    public void Add(in SaleFact fact)
    {
        RevenueUnits += fact.RevenueUnits;
        Orders += fact.Orders;
        Conversions += fact.Conversions;
        OrderCostUnits += fact.OrderCostUnits;
    }

    public void Add(in InfluencerSales more)
    {
        RevenueUnits += more.RevenueUnits;
        Orders += more.Orders;
        Conversions += more.Conversions;
        OrderCostUnits += more.OrderCostUnits;
    }
}

/// <summary>
/// <see cref="KpiFilters"/> and a <see cref="BrandScope"/> compiled against one <see cref="SnapshotCube"/>: the one
/// place that decides which snapshot rows a view holds. The scope is folded into the brand test, so no query can
/// forget it. Platform is the influencer's primary platform for sales and the post's own platform for posts
/// (DESIGN.md, Filters).
/// </summary>
public sealed class Slice
{
    readonly int from, to;
    readonly bool[]? brands, products, campaigns, postPlatforms;
    readonly bool[] salesInfluencers, postInfluencers;

    public SnapshotCube Cube { get; }
    public KpiFilters Filters { get; }
    public BrandScope Scope { get; }

    public Slice(SnapshotCube cube, KpiFilters filters, BrandScope scope)
    {
        Cube = cube;
        Filters = filters;
        Scope = scope;
        from = filters.From?.DayNumber ?? int.MinValue;
        to = filters.To?.DayNumber ?? int.MaxValue;
        brands = Allowed(cube.Brands, filters.Brand);
        if (!scope.IsAll)
        {
            brands ??= Enumerable.Repeat(true, cube.Brands.Count).ToArray();
            for (var b = 0; b < brands.Length; b++) brands[b] &= scope.BrandIds!.Contains(cube.BrandIds[b]);
        }
        products = Allowed(cube.Products, filters.Product);
        campaigns = Allowed(cube.Campaigns, filters.Campaign);
        postPlatforms = Allowed(cube.Platforms, filters.Platform);
        var platforms = postPlatforms;
        var categories = Allowed(cube.Categories, filters.Category);
        var tiers = filters.Tier;
        var genders = Allowed(cube.Genders, filters.Gender);
        postInfluencers = cube.Influencers
            .Select(i => (categories is null || categories[i.Category])
                && (tiers.Length == 0 || tiers.Contains(i.Tier.ToString()))
                && (genders is null || (cube.Genders[i.Gender] is not null && genders[i.Gender])))
            .ToArray();
        salesInfluencers = cube.Influencers.Select((i, n) => postInfluencers[n] && (platforms is null || platforms[i.Platform])).ToArray();
    }

    /// <summary>Brand, product, campaign or a brand manager's scope: the view holds parts of influencers' sales.</summary>
    public bool Cut => Filters.CutsSales || !Scope.IsAll;

    public bool Dated => Filters.From is not null || Filters.To is not null;

    public bool InRange(int day) => day >= from && day <= to;

    /// <summary>Whether the influencer's own dimensions (primary platform, category, tier, gender) pass the filters.</summary>
    public bool Picks(int influencer) => salesInfluencers[influencer];

    /// <summary>A sales row of the slice: in range, of a picked influencer, of an allowed brand, product and campaign.</summary>
    public bool Includes(in SaleFact fact) =>
        fact.Day >= from && fact.Day <= to && salesInfluencers[fact.Influencer]
        && (brands is null || brands[fact.Brand]) && (products is null || products[fact.Product]) && (campaigns is null || campaigns[fact.Campaign]);

    /// <summary>A sales row of the influencer slice: in range and of a picked influencer, any brand, product or campaign.</summary>
    public bool IncludesInfluencerSale(in SaleFact fact) => fact.Day >= from && fact.Day <= to && salesInfluencers[fact.Influencer];

    /// <summary>A post row of the slice: in range, on an allowed post platform, of an influencer of the chosen category, tier and gender.</summary>
    public bool Includes(in PostFact post) => IncludesPost(post.Day, post.Influencer, post.Platform);

    /// <summary>A post of the slice, by the same rule as <see cref="Includes(in PostFact)"/>.</summary>
    public bool Includes(in PostRow post) => IncludesPost(post.Day, post.Influencer, post.Platform);

    bool IncludesPost(int day, int influencer, short platform) =>
        day >= from && day <= to && postInfluencers[influencer] && (postPlatforms is null || postPlatforms[platform]);

    /// <summary>
    /// Whether an influencer's posts belong to the view: always when it does not cut sales; in a cut view
    /// (brand, product, campaign, brand scope), only the posts of influencers who sold in it (DESIGN.md: their posts).
    /// </summary>
    public bool PostsCount(InfluencerSales[] sales, int influencer) => !Cut || sales[influencer].Any;

    /// <summary>Whether an influencer's posts belong to the view, by <see cref="SoldInfluencers"/> (the rule of the method above).</summary>
    public bool PostsCount(bool[] sold, int influencer) => !Cut || sold[influencer];

    /// <summary>Who sold in the slice, indexed like <see cref="SnapshotCube.Influencers"/>; empty when the slice does not cut sales.</summary>
    public bool[] SoldInfluencers()
    {
        if (!Cut) return [];
        var sold = new bool[Cube.Influencers.Length];
        foreach (ref readonly var fact in Cube.Sales.AsSpan())
            if (Includes(fact)) sold[fact.Influencer] = true;
        return sold;
    }

    /// <summary>Each influencer's sales in the slice, indexed like <see cref="SnapshotCube.Influencers"/>.</summary>
    public InfluencerSales[] SalesByInfluencer()
    {
        var sums = new InfluencerSales[Cube.Influencers.Length];
        foreach (ref readonly var fact in Cube.Sales.AsSpan())
            if (Includes(fact)) sums[fact.Influencer].Add(fact);
        return sums;
    }

    // Which codes a filter allows; null when the filter is not set. Unknown names allow nothing.
    static bool[]? Allowed(IReadOnlyList<string?> names, string[] chosen) =>
        chosen.Length == 0 ? null : names.Select(n => n is not null && chosen.Contains(n)).ToArray();
}
