using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Pages;

/// <summary>The GET filter form of a page: current filters, offered values, cost basis, and query values to keep (e.g. sort).</summary>
public sealed record FilterForm(KpiFilters Filters, FilterOptions Options, CostBasis Basis, params (string Name, string Value)[] Keep);
