using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Pages;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Http;

namespace CampaignTracker.Tests.Pages;

/// <summary>Issue 17: the active-filter chips and the date presets, on hand-built filters and URLs.</summary>
public class ActiveFiltersTests
{
    static readonly DateOnly Last = new(2025, 7, 21);

    static HttpRequest Request(string pathAndQuery)
    {
        var parts = pathAndQuery.Split('?', 2);
        var context = new DefaultHttpContext();
        context.Request.Path = parts[0];
        context.Request.QueryString = parts.Length > 1 ? new QueryString("?" + parts[1]) : QueryString.Empty;
        return context.Request;
    }

    static FilterForm Form(KpiFilters filters, CostBasis basis = CostBasis.Earned) =>
        new(filters, FilterOptions.None with { LastDate = Last }, basis);

    static string[] Shown(ActiveFilters active) => active.Chips.Select(c => $"{c.Label}: {c.Value} -> {c.RemoveUrl}").ToArray();

    [Fact]
    public void Presets_count_back_from_the_latest_day_in_the_data()
    {
        Assert.Equal(
        [
            ("Last 7 days", new DateOnly(2025, 7, 15), Last),
            ("Last 30 days", new DateOnly(2025, 6, 22), Last),
            ("Last 90 days", new DateOnly(2025, 4, 23), Last),
            ("This month", new DateOnly(2025, 7, 1), Last),
            ("Last month", new DateOnly(2025, 6, 1), new DateOnly(2025, 6, 30)),
            ("All dates", (DateOnly?)null, (DateOnly?)null),
        ], DatePreset.Of(Last).Select(p => (p.Label, p.From, p.To)));
    }

    [Fact]
    public void Last_month_crosses_years_and_knows_leap_februaries()
    {
        Assert.Equal((new DateOnly(2024, 12, 1), new DateOnly(2024, 12, 31)), Single(DatePreset.Of(new DateOnly(2025, 1, 15)), "Last month"));
        Assert.Equal((new DateOnly(2024, 2, 1), new DateOnly(2024, 2, 29)), Single(DatePreset.Of(new DateOnly(2024, 3, 1)), "Last month"));
        Assert.Equal((new DateOnly(2024, 3, 1), new DateOnly(2024, 3, 1)), Single(DatePreset.Of(new DateOnly(2024, 3, 1)), "This month"));

        static (DateOnly?, DateOnly?) Single(IReadOnlyList<DatePreset> presets, string label) => presets.Single(p => p.Label == label) is var p ? (p.From, p.To) : default;
    }

    [Fact]
    public void Without_data_the_only_preset_is_all_dates() =>
        Assert.Equal(["All dates"], DatePreset.Of(null).Select(p => p.Label));

    [Fact]
    public void A_preset_link_sets_both_dates_keeps_the_rest_and_leaves_the_page_number_out()
    {
        var request = Request("/Campaigns?sort=roas&dir=desc&brand=Gritzo&from=2025-01-01&p=3");
        var presets = DatePreset.Of(Last);

        Assert.Equal("/Campaigns?sort=roas&dir=desc&brand=Gritzo&from=2025-07-15&to=2025-07-21", presets[0].Url(request));
        Assert.Equal("/Campaigns?sort=roas&dir=desc&brand=Gritzo", presets[^1].Url(request));
        Assert.True(presets[1].Matches(new KpiFilters { From = new(2025, 6, 22), To = Last }));
        Assert.True(presets[^1].Matches(new KpiFilters()));
        Assert.False(presets[^1].Matches(new KpiFilters { To = Last }));
    }

    [Fact]
    public void Each_value_is_a_chip_whose_link_drops_only_that_value()
    {
        var filters = new KpiFilters { Brand = ["Gritzo", "HKVitals"], Product = ["Kids Protein"], Tier = ["Micro"] };
        var request = Request("/?brand=Gritzo&brand=HKVitals&product=Kids%20Protein&tier=Micro&interval=week");

        var active = ActiveFilters.Of(Form(filters), request);

        Assert.Equal(
        [
            "Brand: Gritzo -> /?brand=HKVitals&product=Kids%20Protein&tier=Micro&interval=week",
            "Brand: HKVitals -> /?brand=Gritzo&product=Kids%20Protein&tier=Micro&interval=week",
            "Product: Kids Protein -> /?brand=Gritzo&brand=HKVitals&tier=Micro&interval=week",
            "Tier: Micro -> /?brand=Gritzo&brand=HKVitals&product=Kids%20Protein&interval=week",
        ], Shown(active));
        Assert.Equal("/?interval=week", active.ResetUrl);   // the weekly chart stays weekly
    }

    [Fact]
    public void The_dates_are_one_chip_named_after_their_preset_and_removed_together()
    {
        var request = Request("/Influencers/Details?id=A1&from=2025-06-22&to=2025-07-21&platform=Instagram");
        var filters = new KpiFilters { From = new(2025, 6, 22), To = Last, Platform = ["Instagram"] };

        Assert.Equal(
        [
            "Dates: Last 30 days (2025-06-22 – 2025-07-21) -> /Influencers/Details?id=A1&platform=Instagram",
            "Platform: Instagram -> /Influencers/Details?id=A1&from=2025-06-22&to=2025-07-21",
        ], Shown(ActiveFilters.Of(Form(filters), request)));
        Assert.Equal("/Influencers/Details?id=A1", ActiveFilters.Of(Form(filters), request).ResetUrl);   // the influencer stays

        Assert.Equal(["Dates: 2025-06-01 – 2025-06-10 -> /Campaigns"],
            Shown(ActiveFilters.Of(Form(new KpiFilters { From = new(2025, 6, 1), To = new(2025, 6, 10) }), Request("/Campaigns?from=2025-06-01&to=2025-06-10"))));
        Assert.Equal(["Dates: from 2025-06-01 -> /Campaigns"],
            Shown(ActiveFilters.Of(Form(new KpiFilters { From = new(2025, 6, 1) }), Request("/Campaigns?from=2025-06-01&to="))));
        Assert.Equal(["Dates: until 2025-06-10 -> /Campaigns"],
            Shown(ActiveFilters.Of(Form(new KpiFilters { To = new(2025, 6, 10) }), Request("/Campaigns?to=2025-06-10"))));
    }

    [Fact]
    public void Keys_match_in_any_case_values_exactly_and_odd_characters_survive()
    {
        var filters = new KpiFilters { Campaign = ["Summer & Co", "summer & co"] };
        var request = Request("/Campaigns?Campaign=Summer%20%26%20Co&CAMPAIGN=summer%20%26%20co&sort=name&p=2");

        Assert.Equal(
        [
            "Campaign: Summer & Co -> /Campaigns?Campaign=summer%20%26%20co&sort=name",
            "Campaign: summer & co -> /Campaigns?Campaign=Summer%20%26%20Co&sort=name",
        ], Shown(ActiveFilters.Of(Form(filters), request)));
    }

    [Fact]
    public void A_cost_basis_in_the_url_is_a_chip_and_reset_all_drops_it()
    {
        var active = ActiveFilters.Of(Form(new KpiFilters(), CostBasis.Declared), Request("/Payouts?cost=declared&sort=payout"));

        Assert.Equal(["Cost basis: declared payout -> /Payouts?sort=payout"], Shown(active));
        Assert.Equal("/Payouts?sort=payout", active.ResetUrl);
    }

    [Fact]
    public void No_filter_no_chip()
    {
        var active = ActiveFilters.Of(Form(new KpiFilters()), Request("/Insights?flagged=exclude"));

        Assert.Empty(active.Chips);
        Assert.Equal("/Insights?flagged=exclude", active.ResetUrl);
    }
}
