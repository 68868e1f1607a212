using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CampaignTracker.Web.Pages.Settings;

/// <summary>The assumptions every page names (DESIGN.md, Formulas and Payout): the lift and the default cost basis. Admins only.</summary>
public class IndexModel(SettingsStore settings, AuditLog audit) : PageModel
{
    public sealed record SettingsInput
    {
        /// <summary>In percent: 30 means baseline = revenue ÷ 1.30.</summary>
        [Required, Range(0, 1000, ErrorMessage = "The lift is a percentage between 0 and 1000."), Display(Name = "Lift (%)")]
        public decimal? LiftPercent { get; init; }

        [Required, Display(Name = "Default cost basis")]
        public CostBasis? CostBasis { get; init; }
    }

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    public async Task OnGetAsync(CancellationToken ct) =>
        Input = new SettingsInput { LiftPercent = await settings.LiftAsync(ct) * 100, CostBasis = await settings.DefaultCostBasisAsync(ct) };

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!ModelState.IsValid) return Page();
        var changed = await settings.SetAsync(SettingsStore.LiftKey, (Input.LiftPercent!.Value / 100).ToString(CultureInfo.InvariantCulture), audit, ct);
        changed |= await settings.SetAsync(SettingsStore.CostBasisKey, Input.CostBasis!.Value.ToString(), audit, ct);
        TempData["Message"] = changed ? "Saved: every page and export now uses these assumptions." : "Nothing changed.";
        return RedirectToPage();
    }
}
