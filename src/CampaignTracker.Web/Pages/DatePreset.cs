using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Pages;

/// <summary>A date range of the filter form's presets (issue 17): a link that sets `from` and `to` and keeps every other value.</summary>
public sealed record DatePreset(string Label, DateOnly? From, DateOnly? To)
{
    /// <summary>
    /// Last 7 / 30 / 90 days, this month and last month, counted back from <paramref name="lastDate"/> (the latest day of
    /// the data the viewer may see, <see cref="FilterOptions.LastDate"/>), and all dates. Not from today: data arrives by
    /// upload and ends when the last file does (the seed's in July 2025), so ranges on the wall clock would show nothing.
    /// "This month" is the anchor's month up to the anchor.
    /// </summary>
    public static IReadOnlyList<DatePreset> Of(DateOnly? lastDate)
    {
        DatePreset all = new("All dates", null, null);
        if (lastDate is not { } last) return [all];
        var month = new DateOnly(last.Year, last.Month, 1);
        return
        [
            new("Last 7 days", last.AddDays(-6), last),
            new("Last 30 days", last.AddDays(-29), last),
            new("Last 90 days", last.AddDays(-89), last),
            new("This month", month, last),
            new("Last month", month.AddMonths(-1), month.AddDays(-1)),
            all,
        ];
    }

    public bool Matches(KpiFilters filters) => filters.From == From && filters.To == To;

    /// <summary>The current page with this range (none for all dates), other values kept, back to the first page of a list.</summary>
    public string Url(HttpRequest request) =>
        Links.WithQuery(request, request.Path, ("from", Iso(From)), ("to", Iso(To)), ("p", null));

    public static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd");
}
