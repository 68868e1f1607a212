using System.Globalization;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Insights;

public class IndexModel(InsightsQuery insights, Reports reports, TimeProvider clock, PdfReportExport pdf, InfluencerFlags flags) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }

    /// <summary>What-if lift in percent (10–100): recomputes iROAS, ROI and break-even without touching data.</summary>
    [BindProperty(SupportsGet = true)] public decimal? Lift { get; set; }
    [BindProperty(SupportsGet = true)] public decimal? MinPayout { get; set; }
    [BindProperty(SupportsGet = true)] public long? MinOrders { get; set; }

    /// <summary>`exclude`: influencers flagged by an unresolved alert are left out of the rankings; default (include) keeps them.</summary>
    [BindProperty(SupportsGet = true)] public string? Flagged { get; set; }

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public ReportView View { get; private set; } = null!;
    public decimal SettingLift { get; private set; }
    public Reporting.Insights Data { get; private set; } = null!;
    public FlagSet Flags { get; private set; } = FlagSet.None;
    public bool LeavesOutFlagged => InsightsParameters.LeavesOutFlagged(Flagged);
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        if (InsightsParameters.Error(Lift, MinPayout, MinOrders, Flagged) is { } error) return BadRequest(error);
        Filters = filters;
        SettingLift = view.Lift;
        View = InsightsParameters.WithLift(view, Lift);
        Options = await reports.OptionsAsync(View, ct);
        Flags = await flags.CurrentAsync(ct);
        Data = await insights.RunAsync(View, InsightsParameters.Rule(MinPayout, MinOrders), LeavesOutFlagged ? Flags : null, ct);
        ChartJson = ChartData.Of(Data, "", data => new
        {
            points = data.Scatter.Select(p => new { x = p.Err, y = p.Iroas, followers = p.Followers, name = p.Name }),
        });
        return Page();
    }

    /// <summary>`?handler=Csv&amp;table=…`: one of this view's lists as CSV (the page's own query string, what-if lift included).</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, string? table, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        if (InsightsParameters.Error(Lift, MinPayout, MinOrders, Flagged) is { } error) return BadRequest(error);
        view = InsightsParameters.WithLift(view, Lift);
        var flagSet = await flags.CurrentAsync(ct);
        var d = await insights.RunAsync(view, InsightsParameters.Rule(MinPayout, MinOrders), LeavesOutFlagged ? flagSet : null, ct);
        string Name(string what) => FileNames.For(what, filters, clock.GetUtcNow(), "csv");
        var influencerColumns = Pages.Influencers.IndexModel.Columns(view)
            .Append(CsvColumn<InfluencerRow>.Number("money_lost", r => Kpis.Kpi.MoneyLost(r.Revenue, r.Payout, view.Lift)))
            .Append(Pages.Influencers.IndexModel.FlagsColumn(flagSet)).ToList();
        IActionResult List(string what, IReadOnlyList<InfluencerRow> rows) => new CsvExport<InfluencerRow>(Name(what), rows, influencerColumns);
        return table switch
        {
            "top-revenue" => List("top-influencers-by-revenue", d.TopByRevenue),
            "top-iroas" => List("top-influencers-by-iroas", d.TopByIroas),
            "top-err" => List("top-influencers-by-err", d.TopByErr),
            "poor-influencers" => List("poor-roi-influencers", d.PoorInfluencers),
            "personas" => new CsvExport<PersonaRow>(Name("personas"), d.Personas,
            [
                CsvColumn<PersonaRow>.Text("category", p => p.Category), CsvColumn<PersonaRow>.Text("gender", p => p.Gender),
                CsvColumn<PersonaRow>.Text("platform", p => p.Platform), CsvColumn<PersonaRow>.Text("tier", p => p.Tier.ToString()),
                CsvColumn<PersonaRow>.Count("influencers", p => p.Influencers), CsvColumn<PersonaRow>.Number("revenue", p => p.Revenue),
                CsvColumn<PersonaRow>.Number("revenue_per_influencer", p => p.RevenuePerInfluencer),
                CsvColumn<PersonaRow>.Number($"payout_{view.Basis.ToString().ToLowerInvariant()}", p => p.Payout),
                CsvColumn<PersonaRow>.Number($"iroas_lift_{view.Lift}", p => p.Iroas), CsvColumn<PersonaRow>.Number("err_percent", p => p.ErrPercent),
            ]),
            "poor-campaigns" or "break-even" => new CsvExport<BreakEven>(Name(table == "break-even" ? "break-even-lift" : "poor-roi-campaigns"),
                table == "break-even" ? d.Campaigns : d.Campaigns.Where(c => d.PoorCampaigns.Any(p => p.Campaign == c.Name)).ToList(),
            [
                CsvColumn<BreakEven>.Text("campaign", c => c.Name), CsvColumn<BreakEven>.Number("revenue", c => c.Revenue),
                CsvColumn<BreakEven>.Number($"payout_{view.Basis.ToString().ToLowerInvariant()}", c => c.Payout),
                CsvColumn<BreakEven>.Number($"iroas_lift_{view.Lift}", c => Kpis.Kpi.Iroas(c.Revenue, c.Payout, view.Lift)),
                CsvColumn<BreakEven>.Number("money_lost", c => Kpis.Kpi.MoneyLost(c.Revenue, c.Payout, view.Lift)),
                CsvColumn<BreakEven>.Number("break_even_lift", c => c.Lift),
            ]),
            _ => BadRequest($"table must be one of top-revenue, top-iroas, top-err, personas, poor-influencers, poor-campaigns, break-even; not '{table}'"),
        };
    }

    /// <summary>`?handler=Pdf`: this view (filters, cost basis, what-if lift, iROAS rule, the viewer's brands) as an A4 report.</summary>
    public async Task<IActionResult> OnGetPdfAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        if (InsightsParameters.Error(Lift, MinPayout, MinOrders) is { } error) return BadRequest(error);
        return await pdf.RunAsync("Insights", InsightsParameters.WithLift(view, Lift), User, week: false, InsightsParameters.Rule(MinPayout, MinOrders), view.Lift, ct);
    }

    /// <summary>This view with flagged influencers left out (exclude) or kept in (null: the default).</summary>
    public string FlaggedUrl(string? flagged) => Links.WithQuery(Request, "/Insights", ("flagged", flagged));

    public string CsvUrl(string table) => Links.WithQuery(Request, "/Insights", ("handler", "Csv"), ("table", table));

    /// <summary>This page's own parameters that the filter form carries over: the what-if lift and the flagged switch.</summary>
    public (string Name, string Value)[] KeptParameters
    {
        get
        {
            var keep = new List<(string, string)>();
            if (Lift is not null) keep.Add(("lift", LiftPercent));
            if (LeavesOutFlagged) keep.Add(("flagged", "exclude"));
            return [.. keep];
        }
    }

    public string LiftPercent => (View.Lift * 100).ToString("0.##", CultureInfo.InvariantCulture);
}
