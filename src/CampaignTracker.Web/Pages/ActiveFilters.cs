using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.WebUtilities;

namespace CampaignTracker.Web.Pages;

/// <summary>One value in force, shown above the cards; <see cref="RemoveUrl"/> is the same view without it.</summary>
public sealed record FilterChip(string Label, string Value, string RemoveUrl);

/// <summary>
/// The filters in force as removable chips (issue 17). Plain links built from the current URL, so they work without
/// JavaScript and the URL stays the only state: removing a chip drops that one value from the query, "Reset all" drops
/// every filter (<see cref="Links.FilterNames"/>), and both keep the rest (sort, interval, the detail page's id) and
/// go back to the first page of a list.
/// </summary>
public sealed record ActiveFilters(IReadOnlyList<FilterChip> Chips, string ResetUrl)
{
    public static ActiveFilters Of(FilterForm form, HttpRequest request)
    {
        var filters = form.Filters;
        var chips = new List<FilterChip>();
        if (filters.From is not null || filters.To is not null)
            chips.Add(new("Dates", DatesText(filters, form.Options.LastDate), Without(request, (k, _) => k is "from" or "to")));
        foreach (var select in form.Selects)
            foreach (var value in select.Chosen.Where(v => !string.IsNullOrEmpty(v)).Distinct())
                chips.Add(new(select.Label, value, Without(request, (k, v) => k == select.Name && v == value)));
        if (!string.IsNullOrEmpty(request.Query["cost"]))
            chips.Add(new("Cost basis", form.Basis == CostBasis.Declared ? "declared payout" : "earned payout", Without(request, (k, _) => k == "cost")));
        return new(chips, Without(request, (k, _) => Links.FilterNames.Contains(k)));
    }

    /// <summary>"2025-06-22 – 2025-07-21", "from …", "until …"; a preset's range says its name too.</summary>
    static string DatesText(KpiFilters filters, DateOnly? lastDate)
    {
        var range = (DatePreset.Iso(filters.From), DatePreset.Iso(filters.To)) switch
        {
            ({ } from, { } to) => $"{from} – {to}",
            ({ } from, null) => $"from {from}",
            (null, var to) => $"until {to}",
        };
        return DatePreset.Of(lastDate).FirstOrDefault(p => p.From is not null && p.Matches(filters)) is { } preset ? $"{preset.Label} ({range})" : range;
    }

    /// <summary>The current path and query without the values <paramref name="drop"/> picks (keys compared in lower case) and without the page number.</summary>
    static string Without(HttpRequest request, Func<string, string?, bool> drop) =>
        QueryHelpers.AddQueryString(request.Path, QueryHelpers.ParseQuery(request.QueryString.Value)
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Where(q => q.Key.ToLowerInvariant() is var key && key != "p" && !drop(key, q.Value)));
}
