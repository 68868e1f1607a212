using System.Net;
using System.Text.RegularExpressions;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Alerts;

/// <summary>Issue 14 on Settings: admins set the alert thresholds, switch rules off and set per-brand iROAS targets; audited, validated.</summary>
[Collection(AppCollection.Name)]
public class AlertSettingsPageTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    /// <summary>The alerts form as the page fills it (every field, ticked boxes only), then changed by <paramref name="change"/>.</summary>
    static async Task<HttpResponseMessage> SaveAsync(HttpClient client, Action<List<KeyValuePair<string, string>>> change)
    {
        var page = await client.GetStringAsync("/Settings");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token) };
        foreach (Match input in Regex.Matches(page, "<input[^>]*name=\"(Alerts\\.[^\"]+)\"[^>]*>"))
        {
            var tag = input.Value;
            if (tag.Contains("type=\"checkbox\"") && !Regex.IsMatch(tag, "\\schecked")) continue;
            var value = Regex.Match(tag, "value=\"([^\"]*)\"");
            form.Add(new(input.Groups[1].Value, value.Success ? WebUtility.HtmlDecode(value.Groups[1].Value) : ""));
        }
        change(form);
        return await client.PostAsync("/Settings?handler=Alerts", new FormUrlEncodedContent(form));
    }

    static void Set(List<KeyValuePair<string, string>> form, string name, string value)
    {
        form.RemoveAll(f => f.Key == name);
        form.Add(new(name, value));
    }

    Task<AlertSettings> StoredAsync() => app.Using(sp => sp.GetRequiredService<SettingsStore>().AlertsAsync(CancellationToken.None));

    Task<List<AuditEntry>> AuditAsync(string subject) =>
        app.Using(sp => sp.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking().Where(e => e.Subject == subject).ToListAsync());

    Task<List<Setting>> AlertSettingRowsAsync() =>
        app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Settings.AsNoTracking().Where(s => s.Key.StartsWith("Alerts:")).OrderBy(s => s.Key).ToListAsync());

    [Fact]
    public void Every_threshold_has_a_label_on_the_page() =>
        Assert.Equal(AlertSettings.Names.Order(), AlertThresholds.All.Select(t => t.Name).Order());

    [Fact]
    public async Task The_page_shows_every_threshold_with_its_default_and_every_rule_ticked()
    {
        var page = await (await app.AdminAsync()).GetStringAsync("/Settings");

        Assert.Contains("iROAS window (days) <span class=\"text-muted small\">default 30 days</span>", page);
        Assert.Contains("default ₹1000", page);
        Assert.Contains("default 3.5×", page);
        foreach (var rule in AlertRules.Titles.Keys) Assert.Matches($"value=\"{rule}\" checked", page);
        Assert.Contains("for=\"target-", page);   // a target per brand of the Brands table
        Assert.Contains("MuscleBlaze", page);
    }

    [Fact]
    public async Task A_saved_threshold_is_stored_audited_and_read_back_and_unchanged_values_are_no_change()
    {
        var admin = await app.AdminAsync();

        var response = await SaveAsync(admin, form => Set(form, "Alerts.Thresholds[BandDays]", "21"));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(21, (await StoredAsync()).BandDays);
        var entry = Assert.Single(await AuditAsync("Alerts:BandDays"));
        Assert.Equal((AuditActions.SettingChanged, "(default) → 21", AppFactory.AdminEmail), (entry.Action, entry.Details, entry.Actor));
        Assert.Empty(await AuditAsync("Alerts:Window"));   // posted with its value unchanged: no change, no entry

        await SaveAsync(admin, form => { });   // the same form again
        Assert.Single(await AuditAsync("Alerts:BandDays"));
        Assert.Contains("value=\"21\"", await admin.GetStringAsync("/Settings"));
    }

    [Fact]
    public async Task A_rule_switched_off_stays_off_until_switched_on()
    {
        var admin = await app.AdminAsync();

        await SaveAsync(admin, form => form.RemoveAll(f => f.Key == "Alerts.Enabled" && f.Value == AlertRules.StaleData));
        Assert.False((await StoredAsync()).IsEnabled(AlertRules.StaleData));
        Assert.True((await StoredAsync()).IsEnabled(AlertRules.SpendSpike));
        Assert.DoesNotMatch($"value=\"{AlertRules.StaleData}\" checked", await admin.GetStringAsync("/Settings"));
        Assert.Equal("(default) → false", Assert.Single(await AuditAsync(AlertSettings.EnabledKey(AlertRules.StaleData))).Details);

        await SaveAsync(admin, form => form.Add(new("Alerts.Enabled", AlertRules.StaleData)));
        Assert.True((await StoredAsync()).IsEnabled(AlertRules.StaleData));
    }

    [Fact]
    public async Task A_brand_target_overrides_the_default_for_that_brand_and_empty_restores_it()
    {
        var admin = await app.AdminAsync();
        var brandId = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Brands.Single(b => b.Name == "HKVitals").Id);

        await SaveAsync(admin, form => Set(form, $"Alerts.Targets[{brandId}]", "2.5"));
        var stored = await StoredAsync();
        Assert.Equal((2.5m, 1.0m), (stored.IroasTargetOf("HKVitals"), stored.IroasTargetOf("MuscleBlaze")));
        Assert.Contains("value=\"2.5\"", await admin.GetStringAsync("/Settings"));

        await SaveAsync(admin, form => Set(form, $"Alerts.Targets[{brandId}]", ""));
        Assert.Equal(1.0m, (await StoredAsync()).IroasTargetOf("HKVitals"));
        Assert.Equal("2.5 → ", (await AuditAsync("Alerts:IroasTarget:HKVitals")).OrderBy(e => e.Id).Last().Details);
    }

    [Fact]
    public async Task Invalid_values_are_refused_with_reasons_and_nothing_is_saved()
    {
        var admin = await app.AdminAsync();
        var before = (await AlertSettingRowsAsync()).Select(s => (s.Key, s.Value)).ToList();

        var response = await SaveAsync(admin, form =>
        {
            Set(form, "Alerts.Thresholds[StaleUploadDays]", "9");   // valid, but in the same post as the errors
            Set(form, "Alerts.Thresholds[Window]", "2.5");
            Set(form, "Alerts.Thresholds[UserSharePercent]", "120");
            Set(form, "Alerts.Thresholds[BandK]", "0");
            Set(form, "Alerts.Thresholds[IroasMinPayout]", "-1");
            Set(form, "Alerts.Thresholds[RobustZ]", "abc");
            form.RemoveAll(f => f.Key == "Alerts.Enabled" && f.Value == AlertRules.RevenueDrop);
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("iROAS window must be a whole number of days, at least 1; '2.5' is not.", page);
        Assert.Contains("Order concentration: one user's share must be a percentage between 0 and 100; '120' is not.", page);
        Assert.Contains("Spike and drop: band width k must be a number above 0; '0' is not.", page);
        Assert.Contains("Minimum payout judged by the iROAS rule must be an amount of 0 or more; '-1' is not.", page);
        Assert.Contains("Implausible engagement: robust z: 'abc' is not a number.", page);
        Assert.Contains("value=\"120\"", page);   // shown back as typed
        Assert.Equal(before, (await AlertSettingRowsAsync()).Select(s => (s.Key, s.Value)).ToList());
        Assert.Empty(await AuditAsync("Alerts:StaleUploadDays"));
    }

    [Fact]
    public async Task Saving_alert_settings_leaves_the_lift_alone_and_the_lift_form_still_saves()
    {
        var admin = await app.AdminAsync();
        var lift = await app.Using(sp => sp.GetRequiredService<SettingsStore>().LiftAsync(CancellationToken.None));

        await SaveAsync(admin, form => Set(form, "Alerts.Thresholds[StaleDays]", "4"));

        Assert.Equal(lift, await app.Using(sp => sp.GetRequiredService<SettingsStore>().LiftAsync(CancellationToken.None)));
        Assert.Empty(await AuditAsync(SettingsStore.LiftKey));
    }
}
