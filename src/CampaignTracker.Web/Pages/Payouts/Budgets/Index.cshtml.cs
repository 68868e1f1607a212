using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Payouts;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Payouts.Budgets;

/// <summary>A budget to add, or the new amount and dates of one (brand and campaign are kept: remove and add to move one).</summary>
public sealed class BudgetInput
{
    [Display(Name = "Brand")] public int? BrandId { get; set; }
    [Display(Name = "Campaign (empty: the whole brand)")] public string? Campaign { get; set; }
    [Display(Name = "From")] public DateOnly? From { get; set; }
    [Display(Name = "To")] public DateOnly? To { get; set; }
    [Display(Name = "Amount (₹)")] public decimal? Amount { get; set; }
}

/// <summary>Issue 15: admins list, add, change and remove budgets (the folder's policy); every change is audited.</summary>
public class IndexModel(CampaignDbContext db, BudgetsQuery budgets, Reports reports, AuditLog audit) : PageModel
{
    [BindProperty] public BudgetInput Input { get; set; } = new();
    [BindProperty] public BudgetInput Edit { get; set; } = new();

    public IReadOnlyList<BudgetRow> Rows { get; private set; } = [];
    public IReadOnlyList<Brand> Brands { get; private set; } = [];
    public IReadOnlyList<string> Errors { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var errors = Check(Input);
        var brand = Input.BrandId is { } brandId ? await db.Brands.AsNoTracking().SingleOrDefaultAsync(b => b.Id == brandId, ct) : null;
        if (brand is null) errors.Add("Choose a brand.");
        var campaign = string.IsNullOrWhiteSpace(Input.Campaign) ? null : Input.Campaign.Trim();
        if (campaign is not null && !(await reports.CubeAsync(ct)).Campaigns.Contains(campaign))
            errors.Add($"No campaign '{campaign}' in the data: a campaign's budget names a campaign of the tracking data (empty: the whole brand).");
        if (errors.Count > 0) return await ShowAsync(errors, ct);

        var budget = new Budget { BrandId = brand!.Id, Campaign = campaign, From = Input.From!.Value, To = Input.To!.Value, Amount = Input.Amount!.Value };
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Budgets.Add(budget);
        await db.SaveChangesAsync(ct);
        await audit.RecordAsync(AuditActions.BudgetCreated, Subject(budget, brand.Name), $"(none) → {Terms(budget)}", ct);
        await tx.CommitAsync(ct);
        TempData["Message"] = $"Budget added: {Subject(budget, brand.Name)}.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostEditAsync(int id, CancellationToken ct)
    {
        var budget = await db.Budgets.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (budget is null) return NotFound();
        var errors = Check(Edit);
        if (errors.Count > 0) return await ShowAsync(errors.Select(e => $"Budget #{id}: {e}").ToList(), ct);

        var before = Terms(budget);
        (budget.From, budget.To, budget.Amount) = (Edit.From!.Value, Edit.To!.Value, Edit.Amount!.Value);
        var after = Terms(budget);
        if (after != before)
        {
            var brand = await db.Brands.AsNoTracking().Where(b => b.Id == budget.BrandId).Select(b => b.Name).SingleAsync(ct);
            await audit.RecordAsync(AuditActions.BudgetChanged, Subject(budget, brand), $"{before} → {after}", ct);   // saves the change with its entry
        }
        TempData["Message"] = after == before ? $"Budget #{id} unchanged." : $"Budget #{id} changed.";
        return RedirectToPage();
    }

    public async Task<IActionResult> OnPostRemoveAsync(int id, CancellationToken ct)
    {
        var budget = await db.Budgets.SingleOrDefaultAsync(b => b.Id == id, ct);
        if (budget is null) return NotFound();
        var brand = await db.Brands.AsNoTracking().Where(b => b.Id == budget.BrandId).Select(b => b.Name).SingleAsync(ct);
        db.Budgets.Remove(budget);
        await audit.RecordAsync(AuditActions.BudgetRemoved, Subject(budget, brand), $"{Terms(budget)} → (removed)", ct);   // saves the removal with its entry
        TempData["Message"] = $"Budget removed: {Subject(budget, brand)}.";
        return RedirectToPage();
    }

    /// <summary>Issue 15: amount &gt; 0 (whole paise), from ≤ to.</summary>
    static List<string> Check(BudgetInput input)
    {
        var errors = new List<string>();
        if (input.Amount is not { } amount || amount <= 0) errors.Add("The amount must be more than ₹0.");
        else if (decimal.Round(amount, 2) != amount) errors.Add("The amount has at most 2 decimal places.");
        else if (amount >= 10_000_000_000_000_000m) errors.Add("The amount is too large.");
        if (input.From is null || input.To is null) errors.Add("Give the first and last day of the period.");
        else if (input.From > input.To) errors.Add("The period's first day (from) must not be after its last (to).");
        return errors;
    }

    async Task<IActionResult> ShowAsync(List<string> errors, CancellationToken ct)
    {
        Errors = errors;
        await LoadAsync(ct);
        return Page();
    }

    async Task LoadAsync(CancellationToken ct)
    {
        Brands = await db.Brands.AsNoTracking().ToListAsync(ct);
        Brands = Brands.OrderBy(b => b.Name, StringComparer.OrdinalIgnoreCase).ToList();
        Rows = await budgets.RunAsync(await reports.ViewAsync(User, new KpiFilters(), null, ct), ct);
    }

    static string Subject(Budget b, string brand) => $"budget #{b.Id} ({brand}{(b.Campaign is null ? "" : ", " + b.Campaign)})";

    static string Terms(Budget b) =>
        string.Create(CultureInfo.InvariantCulture, $"{b.Amount:0.00} for {b.From:yyyy-MM-dd}..{b.To:yyyy-MM-dd}");
}
