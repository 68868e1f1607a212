namespace CampaignTracker.Web.Pages;

/// <summary>A multiple-choice filter of the GET form: its query name, label, offered and chosen values.</summary>
public sealed record FilterSelect(string Name, string Label, IReadOnlyList<string> Options, IReadOnlyList<string> Chosen, string? Help)
{
    /// <summary>HttpContext.Items key set by _FilterSelect: the layout then loads Tom Select and filters.js (issue 17), only on pages with a filter.</summary>
    public const string UsedOnPage = "FilterSelect.UsedOnPage";
}
