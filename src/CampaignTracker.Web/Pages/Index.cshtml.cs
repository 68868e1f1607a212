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

    public Overview Data { get; private set; } = null!;

    public string ChartJson { get; private set; } = "{}";

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!CostBasisParameter.TryParse(Cost, out var basis))
            return BadRequest($"cost must be 'earned' or 'declared', not '{Cost}'");
        Data = await overview.RunAsync(await BrandScope.ForUserAsync(User, db, ct), basis, ct);
        ChartJson = JsonSerializer.Serialize(new
        {
            labels = Data.RevenuePerDay.Select(d => d.Date.ToString("yyyy-MM-dd")),
            revenue = Data.RevenuePerDay.Select(d => d.Revenue),
        });
        return Page();
    }

    public string CostBasisName => Data.Kpis.CostBasis == CostBasis.Earned ? "earned" : "declared";
}
