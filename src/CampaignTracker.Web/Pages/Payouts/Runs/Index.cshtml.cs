using System.ComponentModel.DataAnnotations;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Payouts;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Payouts.Runs;

public sealed class CreateRunInput
{
    [Required(ErrorMessage = "Give the period's first day.")] public DateOnly? From { get; set; }
    [Required(ErrorMessage = "Give the period's last day.")] public DateOnly? To { get; set; }

    /// <summary>Empty: every brand.</summary>
    public int? BrandId { get; set; }
}

/// <summary>Issue 15: the payout runs the viewer may see (PayoutRunsQuery), and the form admins create one with.</summary>
public class IndexModel(PayoutRunsQuery runs, PayoutRunTransitions transitions, Reports reports, CampaignDbContext db) : PageModel
{
    [BindProperty] public CreateRunInput Input { get; set; } = new();

    public IReadOnlyList<PayoutRunSummary> Runs { get; private set; } = [];
    public IReadOnlyList<Brand> Brands { get; private set; } = [];
    public bool CanCreate => User.IsInRole(Roles.Admin);

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (!CanCreate) return Forbid();   // no form is offered either; the service would refuse too
        if (ModelState.IsValid)
        {
            var outcome = await transitions.CreateAsync(User, Input.From!.Value, Input.To!.Value, Input.BrandId, ct);
            if (outcome.Done)
            {
                TempData["Message"] = outcome.Message;
                return RedirectToPage("Details", new { id = outcome.RunId });
            }
            ModelState.AddModelError("", outcome.Message);
        }
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Runs = await runs.ListAsync(PayoutRunsQuery.ScopeFor(User, await reports.ScopeAsync(User, ct)), ct);
        if (CanCreate) Brands = await db.Brands.AsNoTracking().OrderBy(b => b.Name).ToListAsync(ct);
    }
}
