using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages;

public class IndexModel(OverviewQuery overview, Reports reports, TimeProvider clock, Exports.PdfReportExport pdf, Web.Payouts.BudgetsQuery budgets) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Cost { get; set; }

    /// <summary>`interval=week` groups the revenue and payout chart by week (Monday first) instead of by day.</summary>
    [BindProperty(SupportsGet = true)]
    public string? Interval { get; set; }

    public bool Week => Interval == "week";

    public KpiFilters Filters { get; private set; } = new();

    public FilterOptions Options { get; private set; } = FilterOptions.None;

    public Overview Data { get; private set; } = null!;

    public string ChartJson { get; private set; } = "{}";

    public IReadOnlyList<DailyAmounts> Periods { get; private set; } = [];

    /// <summary>Issue 15: the budgets of the viewer's brands.</summary>
    public IReadOnlyList<Web.Payouts.BudgetRow> Budgets { get; private set; } = [];

    public string IntervalUrl(string? interval) => Links.WithQuery(Request, "/", ("interval", interval));

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        Filters = filters;
        Options = await reports.OptionsAsync(view, ct);
        Data = await overview.RunAsync(view, ct);
        Budgets = await budgets.RunAsync(view, ct);
        var periods = Periods = Week ? Reporting.Periods.Weeks(Data.PerDay) : Data.PerDay;
        ChartJson = ChartData.Of(Data, Week ? "week" : "", _ => new
        {
            labels = periods.Select(d => d.Date.ToString("yyyy-MM-dd")),
            revenue = periods.Select(d => d.Revenue),
            payout = periods.Select(d => d.Payout),
            byBrand = new { labels = Data.RevenueByBrand.Select(b => b.Label), revenue = Data.RevenueByBrand.Select(b => b.Revenue) },
            byPlatform = new { labels = Data.RevenueByPlatform.Select(p => p.Label), revenue = Data.RevenueByPlatform.Select(p => p.Revenue) },
        });
        return Page();
    }

    public string CostBasisName => Data.Kpis.CostBasis == CostBasis.Earned ? "earned" : "declared";

    /// <summary>
    /// `?handler=Csv`: the daily sales rows of this view (date × influencer × brand × product × campaign, the snapshot
    /// grain: 1.5M rows at scale 100), streamed; `table=days` gives the revenue vs payout table of the chart instead.
    /// </summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, string? table, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        string Name(string what) => Exports.FileNames.For(what, filters, clock.GetUtcNow(), "csv");
        switch (table ?? "sales")
        {
            case "days":
                var data = await overview.RunAsync(view, ct);
                return new Exports.CsvExport<DailyAmounts>(Name(Week ? "revenue-and-payout-per-week" : "revenue-and-payout-per-day"),
                    Week ? Reporting.Periods.Weeks(data.PerDay) : data.PerDay,
                [
                    Exports.CsvColumn<DailyAmounts>.Date(Week ? "week_of" : "date", d => d.Date),
                    Exports.CsvColumn<DailyAmounts>.Number("revenue", d => d.Revenue),
                    Exports.CsvColumn<DailyAmounts>.Number($"payout_{view.Basis.ToString().ToLowerInvariant()}", d => d.Payout),
                ]);
            case "sales":
                var cube = await reports.CubeAsync(ct);
                return new Exports.CsvExport<SaleFact>(Name("daily-sales"), SalesRows.Of(view.SliceOf(cube)), SalesRows.Columns(cube));
            default:
                return BadRequest($"table must be 'sales' or 'days', not '{table}'");
        }
    }

    /// <summary>`?handler=Pdf`: this view (filters, cost basis, interval, the viewer's brands) as an A4 report.</summary>
    public async Task<IActionResult> OnGetPdfAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        return await pdf.RunAsync("Overview", view, User, Week, IroasRule.Default, view.Lift, ct);
    }
}
