using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;

namespace CampaignTracker.Tests.Security;

/// <summary>Issue 15: Finance sees every brand as an admin does, read-only: no admin pages, no payout status, no alert acknowledgement.</summary>
[Collection(AppCollection.Name)]
public class FinanceRoleTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    [Fact]
    public async Task Finance_sees_every_brand_with_the_admins_totals()
    {
        var admin = await app.AdminAsync();
        var finance = await app.FinanceAsync($"finance-{Guid.NewGuid():N}@test.local");

        var adminKpis = await admin.GetFromJsonAsync<JsonElement>("/api/kpis");
        var financeKpis = await finance.GetFromJsonAsync<JsonElement>("/api/kpis");
        var managerKpis = await app.ManagerA.GetFromJsonAsync<JsonElement>("/api/kpis");

        Assert.Equal(adminKpis.GetRawText(), financeKpis.GetRawText());
        Assert.NotEqual(managerKpis.GetRawText(), financeKpis.GetRawText());   // the admin's totals are more than one brand's
        var payouts = await finance.GetStringAsync("/Payouts");
        Assert.Contains(SecurityApp.BrandA, payouts);
        Assert.Contains(SecurityApp.BrandB, payouts);
    }

    [Fact]
    public async Task Finance_navigation_has_no_admin_links_and_the_payouts_page_no_status_form()
    {
        var home = await app.Finance.GetStringAsync("/");
        foreach (var link in new[] { "href=\"/Uploads\"", "href=\"/Users\"", "href=\"/Audit\"", "href=\"/Settings\"", "href=\"/hangfire\"" })
            Assert.DoesNotContain(link, home);
        Assert.Contains("href=\"/Payouts", home);
        Assert.Contains("href=\"/Alerts\"", home);
        Assert.DoesNotContain("Set the ticked payouts to", await app.Finance.GetStringAsync("/Payouts"));
    }

    [Fact]
    public async Task Finance_cannot_change_a_payout_status()
    {
        var before = await app.Admin.GetStringAsync("/api/payouts");
        var response = await SessionTests.PostFormAsync(app.Finance, "/Payouts?handler=Status", new() { ["status"] = "Paid", ["influencer"] = "A1" });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal(before, await app.Admin.GetStringAsync("/api/payouts"));
    }

    [Fact]
    public async Task Finance_sees_open_alerts_without_a_form_and_is_refused_acknowledging_one()
    {
        var open = (await app.Finance.GetFromJsonAsync<JsonElement>("/api/alerts?status=open")).GetProperty("rows").EnumerateArray()
            .First(r => r.GetProperty("scope").GetString() == "brand");
        var id = open.GetProperty("id").GetInt32();

        var page = await app.Finance.GetStringAsync("/Alerts");
        var response = await AlertData.AcknowledgeAsync(app.Finance, id, "looked at it");

        Assert.Contains($"<tr id=\"alert-{id}\">", page);
        Assert.DoesNotContain("name=\"note\"", page);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("Finance is read-only on alerts", await response.Content.ReadAsStringAsync());
        Assert.Equal(AlertStatus.Open, AlertData.Read(app, id).Status);
    }
}
