using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace CampaignTracker.Tests.Integration;

/// <summary>Issue 5: only admins change payout statuses, one or many at a time, and every change is audited.</summary>
[Collection(AppCollection.Name)]
public class PayoutStatusTests : IAsyncLifetime
{
    readonly HandMadeApp app = new();   // its own data: these tests change it

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    static async Task<HttpResponseMessage> SetStatusAsync(HttpClient client, string status, params string[] influencers)
    {
        var page = await client.GetStringAsync("/Account/Password");   // any page this client may open carries a valid token
        var token = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var form = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("status", status) };
        form.AddRange(influencers.Select(i => new KeyValuePair<string, string>("influencer", i)));
        return await client.PostAsync("/Payouts?handler=Status&brand=MuscleBlaze", new FormUrlEncodedContent(form));
    }

    static async Task<Dictionary<string, string>> StatusesAsync(HttpClient client) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/payouts")).GetProperty("rows").EnumerateArray()
            .ToDictionary(r => r.GetProperty("influencerId").GetString()!, r => r.GetProperty("status").GetString()!);

    [Fact]
    public async Task An_admin_approves_one_payout_and_the_change_is_recorded_in_the_influencers_history()
    {
        var admin = await app.AdminAsync();

        var response = await SetStatusAsync(admin, "Approved", "B2");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Payouts?brand=MuscleBlaze", response.Headers.Location?.OriginalString);   // back to the same view
        Assert.Equal(new Dictionary<string, string> { ["A1"] = "Pending", ["B2"] = "Approved" }, await StatusesAsync(admin));
        var history = await admin.GetStringAsync("/Influencers/Details?id=B2");
        Assert.Matches($"{AppFactory.AdminEmail} · Pending → Approved", history);
        Assert.Contains("payout of influencer B2", await admin.GetStringAsync("/Audit"));
    }

    [Fact]
    public async Task An_admin_marks_several_payouts_paid_at_once()
    {
        var admin = await app.AdminAsync();

        await SetStatusAsync(admin, "Paid", "A1", "B2");

        Assert.Equal(new Dictionary<string, string> { ["A1"] = "Paid", ["B2"] = "Paid" }, await StatusesAsync(admin));
    }

    [Fact]
    public async Task A_brand_managers_post_is_refused_even_with_a_valid_antiforgery_token()
    {
        var manager = await app.BrandManagerAsync("mb-status@test.local", "MuscleBlaze");

        var response = await SetStatusAsync(manager, "Paid", "A1");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("Pending", (await StatusesAsync(await app.AdminAsync()))["A1"]);
        Assert.DoesNotContain("name=\"status\"", await manager.GetStringAsync("/Payouts"));   // no control offered either
    }

    [Fact]
    public async Task An_unknown_status_changes_nothing_and_says_why()
    {
        var admin = await app.AdminAsync();

        var response = await SetStatusAsync(admin, "Refunded", "A1");
        var page = await admin.GetStringAsync(response.Headers.Location!.OriginalString);

        Assert.Contains("Choose a status: Pending, Approved, Paid.", page);
        Assert.Equal("Pending", (await StatusesAsync(admin))["A1"]);
    }
}
