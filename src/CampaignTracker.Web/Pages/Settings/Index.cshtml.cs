using System.ComponentModel.DataAnnotations;
using System.Globalization;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Pages.Settings;

/// <summary>
/// The assumptions every page names (DESIGN.md, Formulas and Payout): the lift and the default cost basis; and the
/// alert rules' thresholds, switches and per-brand iROAS targets (issue 14). Admins only. Two forms, two handlers:
/// saving one leaves the other alone.
/// </summary>
public class IndexModel(SettingsStore settings, AuditLog audit, CampaignDbContext db) : PageModel
{
    public sealed record SettingsInput
    {
        /// <summary>In percent: 30 means baseline = revenue ÷ 1.30.</summary>
        [Required, Range(0, 1000, ErrorMessage = "The lift is a percentage between 0 and 1000."), Display(Name = "Lift (%)")]
        public decimal? LiftPercent { get; init; }

        [Required, Display(Name = "Default cost basis")]
        public CostBasis? CostBasis { get; init; }
    }

    /// <summary>The alerts form as typed: text, so a bad value is shown back as it was with its error.</summary>
    public sealed class AlertsInput
    {
        /// <summary>Threshold name (AlertSettings.Names) → value.</summary>
        public Dictionary<string, string?> Thresholds { get; set; } = [];

        /// <summary>The rules whose box is ticked (an unticked box posts nothing).</summary>
        public List<string> Enabled { get; set; } = [];

        /// <summary>Brand id → its iROAS target; empty = the default target.</summary>
        public Dictionary<int, string?> Targets { get; set; } = [];
    }

    [BindProperty]
    public SettingsInput Input { get; set; } = new();

    [BindProperty]
    public AlertsInput Alerts { get; set; } = new();

    public IReadOnlyList<Brand> Brands { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await LoadLiftAsync(ct);
        await LoadAlertsAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        Forget(nameof(Alerts));   // the other form's fields are not posted with this one
        if (!ModelState.IsValid)
        {
            await LoadAlertsAsync(ct);
            return Page();
        }
        var changed = await settings.SetAsync(SettingsStore.LiftKey, (Input.LiftPercent!.Value / 100).ToString(CultureInfo.InvariantCulture), audit, ct);
        changed |= await settings.SetAsync(SettingsStore.CostBasisKey, Input.CostBasis!.Value.ToString(), audit, ct);
        TempData["Message"] = changed ? "Saved: every page and export now uses these assumptions." : "Nothing changed.";
        return RedirectToPage();
    }

    /// <summary>`?handler=Alerts`: every threshold, switch and brand target checked first; one error and nothing is saved.</summary>
    public async Task<IActionResult> OnPostAlertsAsync(CancellationToken ct)
    {
        // Checked here, not by annotations: the lift form's required fields are not posted with this one, and the
        // validator leaves dictionary entries "unvalidated" (it does not visit them by the keys binding gave them).
        ModelState.Clear();
        Brands = await BrandsAsync(ct);
        var current = await settings.AlertsAsync(ct);
        var changes = new List<(string Key, string Value)>();

        foreach (var threshold in AlertThresholds.All)
        {
            var (value, error) = threshold.Parse(Alerts.Thresholds.GetValueOrDefault(threshold.Name));
            if (error is not null) ModelState.AddModelError($"{nameof(Alerts)}.{nameof(AlertsInput.Thresholds)}[{threshold.Name}]", error);
            else if (value != current.Value(threshold.Name)) changes.Add((AlertSettings.Prefix + threshold.Name, AlertThreshold.Text(value!.Value)));
        }
        foreach (var rule in AlertRules.Titles.Keys)
        {
            var enabled = Alerts.Enabled.Contains(rule);
            if (enabled != current.IsEnabled(rule)) changes.Add((AlertSettings.EnabledKey(rule), enabled ? "true" : "false"));
        }
        foreach (var brand in Brands)
        {
            var (target, error) = AlertThresholds.ParseBrandTarget(brand.Name, Alerts.Targets.GetValueOrDefault(brand.Id));
            var stored = current.BrandIroasTargets.TryGetValue(brand.Name, out var t) ? t : (decimal?)null;
            if (error is not null) ModelState.AddModelError($"{nameof(Alerts)}.{nameof(AlertsInput.Targets)}[{brand.Id}]", error);
            // Empty clears a stored target: AlertSettings.From ignores a value that is not a number, so the default applies.
            else if (target != stored) changes.Add((AlertSettings.BrandTargetKey(brand.Name), target is { } v ? AlertThreshold.Text(v) : ""));
        }

        if (!ModelState.IsValid)
        {
            await LoadLiftAsync(ct);
            return Page();
        }
        await using (var tx = await db.Database.BeginTransactionAsync(ct))   // all of them or none
        {
            foreach (var (key, value) in changes) await settings.SetAsync(key, value, audit, ct);
            await tx.CommitAsync(ct);
        }
        TempData["Message"] = changes.Count > 0
            ? $"Saved {changes.Count} alert setting(s): the next evaluation of the alert rules uses them."
            : "Nothing changed.";
        return RedirectToPage();
    }

    async Task LoadLiftAsync(CancellationToken ct) =>
        Input = new SettingsInput { LiftPercent = await settings.LiftAsync(ct) * 100, CostBasis = await settings.DefaultCostBasisAsync(ct) };

    async Task LoadAlertsAsync(CancellationToken ct)
    {
        Brands = await BrandsAsync(ct);
        var current = await settings.AlertsAsync(ct);
        Alerts = new AlertsInput
        {
            Thresholds = AlertThresholds.All.ToDictionary(t => t.Name, t => (string?)AlertThreshold.Text(current.Value(t.Name))),
            Enabled = AlertRules.Titles.Keys.Where(current.IsEnabled).ToList(),
            Targets = Brands.ToDictionary(b => b.Id, b => current.BrandIroasTargets.TryGetValue(b.Name, out var t) ? AlertThreshold.Text(t) : null),
        };
    }

    async Task<IReadOnlyList<Brand>> BrandsAsync(CancellationToken ct) =>
        await db.Brands.AsNoTracking().OrderBy(b => b.Name).ToListAsync(ct);

    /// <summary>Drops what model binding recorded for the form that was not posted (its required fields are absent).</summary>
    void Forget(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => k == prefix || k.StartsWith(prefix + ".", StringComparison.Ordinal) || k.StartsWith(prefix + "[", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }
}
