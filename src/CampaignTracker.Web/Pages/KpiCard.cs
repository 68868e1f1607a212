namespace CampaignTracker.Web.Pages;

/// <summary>A KPI card: its value and, on hover or focus, the formula and inputs behind it.</summary>
/// <param name="Change">Change against the previous period of the same length, in %; null when there is none.</param>
public sealed record KpiCard(string Label, string Value, string Explanation, decimal? Change = null, string? ChangeNote = null);
