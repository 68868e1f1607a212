using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CampaignTracker.Tests.Integration;

/// <summary>Admins change the lift and the default cost basis; every page follows at once; the change is audited.</summary>
[Collection(AppCollection.Name)]
public class SettingsTests : IAsyncLifetime
{
    readonly HandMadeApp app = new();   // its own data: these tests change the settings

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    static async Task<HttpResponseMessage> SaveAsync(HttpClient client, string lift, string basis)
    {
        var page = await client.GetStringAsync("/Settings");
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync("/Settings", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["Input.LiftPercent"] = lift, ["Input.CostBasis"] = basis,
        }));
    }

    [Fact]
    public async Task A_new_lift_and_cost_basis_apply_to_the_cached_views_at_once_and_are_audited()
    {
        var admin = await app.AdminAsync();
        var before = await admin.GetFromJsonAsync<JsonElement>("/api/kpis");
        Assert.Equal((0.3m, "earned"), (before.GetProperty("lift").GetDecimal(), before.GetProperty("costBasis").GetString()));

        Assert.Equal(HttpStatusCode.Redirect, (await SaveAsync(admin, "84", "Declared")).StatusCode);

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/kpis");
        Assert.Equal((0.84m, "declared", 620m), (after.GetProperty("lift").GetDecimal(), after.GetProperty("costBasis").GetString(), after.GetProperty("payout").GetDecimal()));
        var auditPage = await admin.GetStringAsync("/Audit");
        Assert.Contains("0.3 → 0.84", auditPage.Replace("(default)", "0.3"));
        Assert.Contains("DefaultCostBasis", auditPage);
    }

    [Fact]
    public async Task A_lift_out_of_range_is_refused_with_a_reason()
    {
        var response = await SaveAsync(await app.AdminAsync(), "-5", "Earned");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The lift is a percentage between 0 and 1000.", await response.Content.ReadAsStringAsync());
    }
}
