namespace CampaignTracker.Web.Pages;

/// <summary>A KPI card: its value and, on hover or focus, the formula and inputs behind it.</summary>
public sealed record KpiCard(string Label, string Value, string Explanation);
