using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;

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

    /// <summary>Whether an influencer's own dimensions pass the filters: the rule <see cref="Slice"/> applies to snapshots.</summary>
    public bool Picks(Influencer influencer) =>
        (Platform.Length == 0 || Platform.Contains(influencer.Platform))
        && (Category.Length == 0 || Category.Contains(influencer.Category))
        && (Tier.Length == 0 || Tier.Contains(Tiers.Of(influencer.FollowerCount).ToString()))
        && (Gender.Length == 0 || (influencer.Gender is not null && Gender.Contains(influencer.Gender)));

    /// <summary>A copy with the brand or campaign filter replaced (a campaign's detail is the view narrowed to it,
    /// a brand's line of the payout workbook the view narrowed to that brand).</summary>
    public KpiFilters With(string[]? brand = null, string[]? campaign = null)
    {
        var copy = (KpiFilters)MemberwiseClone();
        copy.Brand = brand ?? Brand;
        copy.Campaign = campaign ?? Campaign;
        return copy;
    }

    /// <summary>The filters as text, for cache keys: equal filters, equal keys (value order aside).</summary>
    public string Key =>
        string.Join("|", From?.ToString("yyyy-MM-dd"), To?.ToString("yyyy-MM-dd"),
            KeyOf(Brand), KeyOf(Product), KeyOf(Campaign), KeyOf(Platform), KeyOf(Category), KeyOf(Tier), KeyOf(Gender));

    static string KeyOf(string[] values) =>
        string.Join(",", values.Distinct().Order(StringComparer.Ordinal).Select(v => Uri.EscapeDataString(v)));
}
