namespace CampaignTracker.Web.Pages;

/// <summary>A multiple-choice filter of the GET form: its query name, label, offered and chosen values.</summary>
public sealed record FilterSelect(string Name, string Label, IReadOnlyList<string> Options, IReadOnlyList<string> Chosen, string? Help);
