using System.Text.Json;
using CampaignTracker.Web.Api;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages;

public class IndexModel(OverviewQuery overview, CampaignDbContext db) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public string? Cost { get; set; }

    public KpiFilters Filters { get; private set; } = new();

    public FilterOptions Options { get; private set; } = FilterOptions.None;

    public Overview Data { get; private set; } = null!;

    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync([FromQuery] KpiFilters filters, CancellationToken ct)
    {
        if (!CostBasisParameter.TryParse(Cost, out var basis))
            return BadRequest($"cost must be 'earned' or 'declared', not '{Cost}'");
        if (!ModelState.IsValid) return BadRequest("from and to are dates yyyy-MM-dd");
        Filters = filters;
        var scope = await BrandScope.ForUserAsync(User, db, ct);
        Options = await FilterOptions.ForAsync(scope, db, ct);
        Data = await overview.RunAsync(scope, filters, basis, ct);
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = Data.RevenuePerDay.Select(d => d.Date.ToString("yyyy-MM-dd")),
            revenue = Data.RevenuePerDay.Select(d => d.Revenue),
            byBrand = new { labels = Data.RevenueByBrand.Select(b => b.Label), revenue = Data.RevenueByBrand.Select(b => b.Revenue) },
            byPlatform = new { labels = Data.RevenueByPlatform.Select(p => p.Label), revenue = Data.RevenueByPlatform.Select(p => p.Revenue) },
        });
        return Page();
    }

    public string CostBasisName => Data.Kpis.CostBasis == CostBasis.Earned ? "earned" : "declared";
}
