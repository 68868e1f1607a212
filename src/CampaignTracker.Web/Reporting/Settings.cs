using System.Globalization;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Reporting;

/// <summary>Admin-edited assumptions: the lift and the default cost basis (DESIGN.md, Formulas and Payout).</summary>
public class SettingsStore(CampaignDbContext db)
{
    public const string LiftKey = "Lift";
    public const string CostBasisKey = "DefaultCostBasis";

    public async Task<decimal> LiftAsync(CancellationToken ct) =>
        await ValueAsync(LiftKey, ct) is { } text && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var lift)
            ? lift
            : Kpi.DefaultLift;

    public async Task<CostBasis> DefaultCostBasisAsync(CancellationToken ct) =>
        Enum.TryParse<CostBasis>(await ValueAsync(CostBasisKey, ct), ignoreCase: true, out var basis) ? basis : CostBasis.Earned;

    /// <summary>Saves a setting and audits the change (who, when, from, to) in one SaveChanges; the same value is no change.</summary>
    public async Task<bool> SetAsync(string key, string value, Audit.AuditLog audit, CancellationToken ct)
    {
        values = null;
        var setting = await db.Settings.SingleOrDefaultAsync(s => s.Key == key, ct);
        if (setting?.Value == value) return false;
        var from = setting?.Value;
        if (setting is null) db.Settings.Add(new Setting { Key = key, Value = value });
        else setting.Value = value;
        await audit.SettingChangedAsync(key, from, value, ct);   // saves the setting with its entry
        return true;
    }

    /// <summary>The alert rules' thresholds and switches (Alerts:… keys over their defaults).</summary>
    public async Task<Alerts.AlertSettings> AlertsAsync(CancellationToken ct)
    {
        await ValueAsync(LiftKey, ct);   // reads every setting once
        return Alerts.AlertSettings.From(values!);
    }

    // Every setting in one read per request (a page asks for the lift and the cost basis); a change starts over.
    Dictionary<string, string>? values;

    async Task<string?> ValueAsync(string key, CancellationToken ct)
    {
        values ??= await db.Settings.AsNoTracking().ToDictionaryAsync(s => s.Key, s => s.Value, ct);
        return values.GetValueOrDefault(key);
    }
}
