namespace CampaignTracker.Web.Data;

// Snapshot tables (DESIGN.md, Snapshots). Money here is in whole units of 1/10,000 rupee (Money.Units):
// exact, and summable in SQL on SQLite, which stores decimal as TEXT and cannot aggregate it.

/// <summary>Daily sales fact at grain (date, influencer, brand, product, campaign).</summary>
public class SalesDaily
{
    public long Id { get; set; }
    public DateOnly Date { get; set; }
    public int InfluencerId { get; set; }
    public int BrandId { get; set; }
    public int ProductId { get; set; }
    public string Campaign { get; set; } = "";

    // The influencer's dimensions at refresh time (DESIGN.md, Snapshots): platform is the primary one.
    public string Platform { get; set; } = "";
    public string Category { get; set; } = "";
    public string? Gender { get; set; }
    public string Tier { get; set; } = "";
    public long Orders { get; set; }
    public long Conversions { get; set; }
    public long RevenueUnits { get; set; }

    /// <summary>Earned cost of order-basis influencers: rate × orders of these rows.</summary>
    public long OrderCostUnits { get; set; }
}

/// <summary>Daily post fact at grain (date, influencer, post platform).</summary>
public class PostDaily
{
    public long Id { get; set; }
    public DateOnly Date { get; set; }
    public int InfluencerId { get; set; }
    /// <summary>The post's own platform (DESIGN.md, Filters: post metrics use it).</summary>
    public string Platform { get; set; } = "";
    public string Category { get; set; } = "";
    public string? Gender { get; set; }
    public string Tier { get; set; } = "";
    public long Posts { get; set; }
    public long Reach { get; set; }
    public long Likes { get; set; }
    public long Comments { get; set; }
}

/// <summary>Per-influencer totals over all their data: what payout allocation divides by.</summary>
public class InfluencerTotal
{
    public int InfluencerId { get; set; }
    public long RevenueUnits { get; set; }
    public long Orders { get; set; }
    public long Posts { get; set; }

    /// <summary>Earned cost of a post-basis influencer: rate × posts.</summary>
    public long PostCostUnits { get; set; }
    public long OrderCostUnits { get; set; }

    /// <summary>total_payout from the payouts dataset.</summary>
    public long DeclaredUnits { get; set; }
}

/// <summary>Bumped by every snapshot refresh; caches key on it.</summary>
public class DataVersion
{
    public int Id { get; set; }
    public long Version { get; set; }
    public DateTimeOffset RefreshedAt { get; set; }
}
