using System.Text.Json;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Campaigns;

public class DetailsModel(CampaignDetailQuery details, Reports reports) : PageModel
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
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = Data.Overview.PerDay.Select(d => d.Date.ToString("yyyy-MM-dd")),
            revenue = Data.Overview.PerDay.Select(d => d.Revenue),
            orders = Array.Empty<long>(),
        });
        return Page();
    }

    public string WithFilters(string path, params (string, string?)[] set) => Links.WithQuery(Request, path, [("name", null), .. set]);
}
