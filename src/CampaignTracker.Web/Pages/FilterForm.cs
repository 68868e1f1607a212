using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Pages;

/// <summary>The GET filter form of a page: current filters, offered values, cost basis, and query values to keep (e.g. sort).</summary>
public sealed record FilterForm(KpiFilters Filters, FilterOptions Options, CostBasis Basis, params (string Name, string Value)[] Keep)
{
    /// <summary>The multiple-choice filters in form order: the form's selects and the active-filter chips (<see cref="ActiveFilters"/>).</summary>
    public IReadOnlyList<FilterSelect> Selects =>
    [
        new("brand", "Brand", Options.Brands, Filters.Brand, null),
        new("product", "Product", Options.Products, Filters.Product, null),
        new("campaign", "Campaign", Options.Campaigns, Filters.Campaign, null),
        new("platform", "Platform", Options.Platforms, Filters.Platform, "The influencer\u2019s primary platform for sales and payouts; the post\u2019s own platform for reach and engagement."),
        new("category", "Category", Options.Categories, Filters.Category, null),
        new("tier", "Tier", Options.Tiers, Filters.Tier, "Nano < 10k ≤ micro < 100k ≤ mid < 500k ≤ macro < 1M ≤ mega followers"),
        new("gender", "Gender", Options.Genders, Filters.Gender, null),
    ];
}
