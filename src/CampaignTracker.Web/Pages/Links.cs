using Microsoft.AspNetCore.WebUtilities;

namespace CampaignTracker.Web.Pages;

/// <summary>URLs of the current view with some query values changed: the view stays a shareable URL.</summary>
public static class Links
{
    public static string WithQuery(HttpRequest request, string path, params (string Key, string? Value)[] set)
    {
        var keys = set.Select(s => s.Key).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var items = QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(q => !keys.Contains(q.Key))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v)))
            .Concat(set.Where(s => s.Value is not null).Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        return QueryHelpers.AddQueryString(path, items);
    }

    /// <summary>The names every page's filters use (KpiFilters) and the cost basis.</summary>
    public static readonly string[] FilterNames = ["from", "to", "brand", "product", "campaign", "platform", "category", "tier", "gender", "cost"];

    /// <summary>The current request's filters as a query string ("" when none), for links to the other pages.</summary>
    public static string FiltersOf(HttpRequest request) =>
        QueryHelpers.AddQueryString("", QueryHelpers.ParseQuery(request.QueryString.Value)
            .Where(q => FilterNames.Contains(q.Key, StringComparer.OrdinalIgnoreCase))
            .SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string?>(q.Key, v))));

    /// <summary>An influencer's page with the current view's filters (not the list's sort, page or search).</summary>
    public static string InfluencerDetails(HttpRequest request, string externalId) =>
        WithQuery(request, "/Influencers/Details", ("id", externalId), ("sort", null), ("dir", null), ("p", null), ("q", null), ("handler", null), ("table", null));

    /// <summary>Sorting by <paramref name="column"/>: ascending first, the same column again flips it.</summary>
    public static string Sort(HttpRequest request, string path, string column, string? currentSort, string? currentDir) =>
        WithQuery(request, path, ("sort", column), ("dir", currentSort == column && currentDir != "desc" ? "desc" : "asc"), ("p", null));
}
