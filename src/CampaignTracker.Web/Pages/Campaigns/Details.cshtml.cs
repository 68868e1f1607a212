using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Campaigns;

public class DetailsModel(CampaignDetailQuery details, Reports reports, TimeProvider clock) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Name { get; set; }
    [BindProperty(SupportsGet = true)] public string? Cost { get; set; }

    public KpiFilters Filters { get; private set; } = new();
    public FilterOptions Options { get; private set; } = FilterOptions.None;
    public ReportView View { get; private set; } = null!;
    public CampaignDetail Data { get; private set; } = null!;
    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        if (string.IsNullOrWhiteSpace(Name)) return NotFound();
        Filters = filters;
        View = view;
        if (await details.RunAsync(View, Name, ct) is not { } data) return NotFound();   // unknown, or none of the viewer's brands
        Data = data;
        Options = await reports.OptionsAsync(View, ct);
        ChartJson = ChartData.Of(Data, "", data => new
        {
            labels = data.Overview.PerDay.Select(d => d.Date.ToString("yyyy-MM-dd")),
            revenue = data.Overview.PerDay.Select(d => d.Revenue),
            orders = Array.Empty<long>(),
        });
        return Page();
    }

    /// <summary>`?handler=Csv&amp;table=days|influencers|products`: a table of this view of the campaign.</summary>
    public async Task<IActionResult> OnGetCsvAsync([FromQuery] KpiFilters filters, string? table, CancellationToken ct)
    {
        var (view, refusal) = await this.StartViewAsync(reports, Cost, filters, ct);
        if (view is null) return refusal!;
        if (string.IsNullOrWhiteSpace(Name) || await details.RunAsync(view, Name, ct) is not { } data) return NotFound();
        string File(string what) => FileNames.For($"{data.Campaign}_{what}", filters, clock.GetUtcNow(), "csv");
        var basis = view.Basis.ToString().ToLowerInvariant();
        return (table ?? "influencers") switch
        {
            "days" => new CsvExport<DailyAmounts>(File("days"), data.Overview.PerDay,
            [
                CsvColumn<DailyAmounts>.Date("date", d => d.Date), CsvColumn<DailyAmounts>.Number("revenue", d => d.Revenue),
                CsvColumn<DailyAmounts>.Number($"payout_{basis}", d => d.Payout),
            ]),
            "influencers" => new CsvExport<InfluencerRow>(File("influencers"), data.Influencers,
            [
                CsvColumn<InfluencerRow>.Text("id", r => r.ExternalId), CsvColumn<InfluencerRow>.Text("name", r => r.Name),
                CsvColumn<InfluencerRow>.Text("platform", r => r.Platform), CsvColumn<InfluencerRow>.Text("tier", r => r.Tier.ToString()),
                CsvColumn<InfluencerRow>.Count("orders", r => r.Orders), CsvColumn<InfluencerRow>.Number("revenue", r => r.Revenue),
                CsvColumn<InfluencerRow>.Number($"payout_{basis}", r => r.Payout), CsvColumn<InfluencerRow>.Number("roas", r => r.Roas),
                CsvColumn<InfluencerRow>.Number($"iroas_lift_{view.Lift:0.00}", r => r.Iroas),
            ]),
            "products" => new CsvExport<PartSales>(File("products"), data.Products, SalesPartColumns.Of("product")),
            _ => BadRequest($"table must be 'days', 'influencers' or 'products', not '{table}'"),
        };
    }

    /// <summary>A link to this page's CSV of one table, with this view's filters.</summary>
    public string CsvUrl(string table) => Links.WithQuery(Request, "/Campaigns/Details", ("handler", "Csv"), ("table", table));

    public string WithFilters(string path, params (string, string?)[] set) => Links.WithQuery(Request, path, [("name", null), .. set]);
}
