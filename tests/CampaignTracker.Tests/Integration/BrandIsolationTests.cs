using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Tests.Exports;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

/// <summary>Two brand managers of different brands: disjoint numbers everywhere, whatever the query string says.</summary>
[Collection(AppCollection.Name)]
public class BrandIsolationTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    static decimal Revenue(JsonElement k) => k.GetProperty("revenue").GetDecimal();

    [Fact]
    public async Task Two_brand_managers_see_disjoint_revenue_that_adds_up_to_the_total()
    {
        var muscleBlaze = await app.BrandManagerAsync("iso-mb@test.local", "MuscleBlaze");
        var hkVitals = await app.BrandManagerAsync("iso-hk@test.local", "HKVitals");
        var admin = await app.AdminAsync();

        foreach (var query in new[] { "", "?cost=declared", "?from=2025-06-02", "?platform=YouTube", "?campaign=Campaign_1" })
        {
            var mb = Revenue(await muscleBlaze.GetFromJsonAsync<JsonElement>("/api/kpis" + query));
            var hk = Revenue(await hkVitals.GetFromJsonAsync<JsonElement>("/api/kpis" + query));
            var all = Revenue(await admin.GetFromJsonAsync<JsonElement>("/api/kpis" + query));
            Assert.Equal(all, mb + hk);
        }
    }

    [Theory]
    [InlineData("/api/kpis?brand=HKVitals")]
    [InlineData("/api/kpis?product=Biotin")]
    [InlineData("/api/campaigns?brand=HKVitals")]
    [InlineData("/api/influencers?product=Biotin")]
    [InlineData("/api/insights?brand=HKVitals")]
    [InlineData("/api/posts?brand=HKVitals")]
    [InlineData("/api/campaigns/Campaign_1?product=Biotin")]
    [InlineData("/api/influencers/B2?brand=HKVitals")]
    public async Task Asking_for_the_other_brand_in_the_query_string_returns_nothing(string url)
    {
        var muscleBlaze = await app.BrandManagerAsync($"iso-{Guid.NewGuid():N}@test.local", "MuscleBlaze");
        var json = await muscleBlaze.GetStringAsync(url);
        Assert.DoesNotMatch("\"revenue\":[1-9]", json);
    }

    [Fact]
    public async Task A_brand_manager_sees_only_the_payout_runs_of_their_brands_and_no_run_without_a_brand()
    {
        int[] runs;
        using (var scope = app.Services.CreateScope())
        {
            // Stored directly: the overlap rule of PayoutRunTransitions is not what this checks.
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            var brands = await db.Brands.ToDictionaryAsync(b => b.Name, b => b.Id);
            var a1 = await db.Influencers.Where(i => i.ExternalId == "A1").Select(i => i.Id).SingleAsync();
            var made = new[] { brands["MuscleBlaze"], brands["HKVitals"], (int?)null }.Select(brand => new PayoutRun
            {
                From = new DateOnly(2025, 6, 1), To = new DateOnly(2025, 6, 30), BrandId = brand, PreparedBy = "admin@test.local", Version = 1,
                Lines = [new PayoutRunLine { InfluencerId = a1, Basis = PayoutBasis.Order, Rate = 10m, Orders = 1, Earned = 10m, Amount = 10m }],
            }).ToList();
            db.PayoutRuns.AddRange(made);
            await db.SaveChangesAsync();
            runs = made.Select(r => r.Id).ToArray();
        }
        var muscleBlaze = await app.BrandManagerAsync($"iso-{Guid.NewGuid():N}@test.local", "MuscleBlaze");
        var admin = await app.AdminAsync();

        static async Task<int[]> ListedAsync(HttpClient client) =>
            (await client.GetFromJsonAsync<JsonElement>("/api/payout-runs")).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetInt32()).ToArray();

        Assert.Equal([runs[0]], (await ListedAsync(muscleBlaze)).Intersect(runs));
        Assert.Equal(runs.Order(), (await ListedAsync(admin)).Intersect(runs).Order());
        Assert.Equal(HttpStatusCode.OK, (await muscleBlaze.GetAsync($"/api/payout-runs/{runs[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await muscleBlaze.GetAsync($"/api/payout-runs/{runs[1]}")).StatusCode);   // HKVitals
        Assert.Equal(HttpStatusCode.NotFound, (await muscleBlaze.GetAsync($"/api/payout-runs/{runs[2]}")).StatusCode);   // no brand
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync($"/api/payout-runs/{runs[2]}")).StatusCode);

        var page = await muscleBlaze.GetStringAsync("/Payouts/Runs");
        Assert.Contains($"Details?id={runs[0]}\"", page);
        Assert.DoesNotContain($"Details?id={runs[1]}\"", page);
        Assert.DoesNotContain($"Details?id={runs[2]}\"", page);
        Assert.Equal(HttpStatusCode.OK, (await muscleBlaze.GetAsync($"/Payouts/Runs/Details?id={runs[0]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await muscleBlaze.GetAsync($"/Payouts/Runs/Details?id={runs[1]}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await muscleBlaze.GetAsync($"/Payouts/Runs/Details?id={runs[2]}")).StatusCode);
    }

    [Fact]
    public async Task A_brand_managers_post_list_twin_and_csv_hold_only_posts_of_influencers_who_sold_their_brand_in_the_view()
    {
        var hkVitals = await app.BrandManagerAsync($"iso-{Guid.NewGuid():N}@test.local", "HKVitals");

        foreach (var (query, expected) in new[]
        {
            ("", new[] { "http://a.example/1", "http://b.example/1", "http://b.example/1" }),   // Asha and Bala sold Biotin; Chitra nothing
            ("?from=2025-06-03", ["http://b.example/1"]),                                         // only Bala sold Biotin from 3 June on
            ("?brand=MuscleBlaze", []),                                                            // not their brand: nothing
        })
        {
            var twin = (await hkVitals.GetFromJsonAsync<JsonElement>("/api/posts" + query)).GetProperty("posts").GetProperty("rows")
                .EnumerateArray().Select(r => r.GetProperty("url").GetString()).Order();
            var csv = (await CsvExportTests.DownloadAsync(hkVitals, $"/Posts{(query == "" ? "?" : query + "&")}handler=Csv&table=all")).Rows.Select(r => r["url"]).Order();
            var page = await hkVitals.GetStringAsync("/Posts" + query);

            Assert.Equal(expected, twin);
            Assert.Equal(expected, csv);
            Assert.DoesNotContain("c.example", page);
            Assert.Equal(expected.Length, System.Text.RegularExpressions.Regex.Matches(page, "<tr data-post=").Count);
        }
    }

    [Fact]
    public async Task Filter_options_list_only_the_managers_own_brand_and_products()
    {
        var muscleBlaze = await app.BrandManagerAsync("iso-options@test.local", "MuscleBlaze");
        var html = await muscleBlaze.GetStringAsync("/");
        Assert.Contains("<option value=\"MuscleBlaze\">MuscleBlaze</option>", html);
        Assert.Contains("<option value=\"Whey Protein\">Whey Protein</option>", html);
        Assert.DoesNotContain("HKVitals", html);
        Assert.DoesNotContain("Biotin", html);
    }

    // A page repeats the viewer's own query (filter form, the active-filter chips, links): their input, not data. Only the rest is checked.
    static string WithoutEcho(string body) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(body, "<form method=\"get\".*?</form>|id=\"active-filters\".*?id=\"reset-filters\"", "", System.Text.RegularExpressions.RegexOptions.Singleline),
            "<[^>]*>", " ");

    /// <summary>Every page and download a manager can open, with and without asking for the other brand.</summary>
    public static TheoryData<string> Views() =>
    [
        "/", "/Campaigns", "/Influencers", "/Posts", "/Insights", "/Campaigns/Details?name=Campaign_1", "/Influencers/Details?id=A1",
        "/?handler=Csv", "/?handler=Csv&table=days", "/Campaigns?handler=Csv", "/Influencers?handler=Csv", "/Posts?handler=Csv",
        "/Insights?handler=Csv&table=top-revenue", "/Insights?handler=Csv&table=break-even",
        "/Influencers/Details?id=A1&handler=Csv&table=products", "/Influencers/Details?id=A1&handler=Csv&table=campaigns",
        "/Campaigns/Details?name=Campaign_1&handler=Csv&table=products", "/Campaigns/Details?name=Campaign_1&handler=Csv&table=influencers",
        "/Payouts?handler=Csv", "/Posts?handler=Csv&table=all", "/Posts?q=example&sort=reach&dir=desc", "/Posts?handler=Csv&table=all&q=example&sort=err",
        "/api/kpis", "/api/campaigns", "/api/influencers", "/api/posts", "/api/posts?q=example&sort=likes&dir=desc", "/api/insights", "/api/campaigns/Campaign_1", "/api/influencers/A1",
        "/Alerts", "/Alerts?handler=Csv", "/Alerts?status=all", "/api/alerts", "/api/alerts?status=all",
    ];

    [Theory]
    [MemberData(nameof(Views))]
    public async Task No_page_or_download_shows_a_manager_the_other_brands_products(string url)
    {
        await EnsureAlertsAsync();
        var muscleBlaze = await app.BrandManagerAsync($"iso-{Guid.NewGuid():N}@test.local", "MuscleBlaze");
        foreach (var query in new[] { "", "brand=HKVitals", "product=Biotin&brand=HKVitals&brand=MuscleBlaze" })
        {
            var response = await muscleBlaze.GetAsync(url + (query == "" ? "" : (url.Contains('?') ? "&" : "?") + query));
            Assert.True(response.IsSuccessStatusCode, $"{url} {query}: {(int)response.StatusCode}");
            var body = WithoutEcho(await response.Content.ReadAsStringAsync());
            Assert.DoesNotContain("HKVitals", body);
            Assert.DoesNotContain("Biotin", body);
            Assert.DoesNotContain("₹1,300.00", body);   // Asha's revenue over both brands
        }
    }

    // Issue 14. Subjects and messages name their brand's products: a leak shows as the other brand's words.
    const string AlertOfA = "Campaign_1 (MuscleBlaze) under target", AlertOfB = "Campaign_2 (HKVitals) under target", CompanyAlert = "Tracking data is stale";

    /// <summary>An alert of each brand (the other's in every status) and a company-wide one, inserted once for this fixture.</summary>
    async Task<(Alert A, Alert B, Alert Company)> EnsureAlertsAsync()
    {
        var existing = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Alerts.AsNoTracking().ToList());
        if (existing.Count == 0)
        {
            int mb = AlertData.BrandId(app, "MuscleBlaze"), hk = AlertData.BrandId(app, "HKVitals");
            await AlertData.InsertAsync(app,
                AlertData.Make(AlertOfA, [mb], AlertSeverity.Critical, message: "iROAS 0.41 on Whey Protein, under the 1.00 target."),
                AlertData.Make(AlertOfB, [hk], AlertSeverity.Critical, message: "iROAS 0.12 on Biotin, under the 1.00 target."),
                AlertData.Make("Campaign_1 (HKVitals) acknowledged", [hk], status: AlertStatus.Acknowledged, message: "Biotin payout differs."),
                AlertData.Make("Campaign_2 (HKVitals) resolved", [hk], status: AlertStatus.Resolved, message: "Biotin spend spiked."),
                AlertData.Make(CompanyAlert, [], rule: CampaignTracker.Web.Alerts.AlertRules.StaleData, message: "No tracking data for 9 days."));
            existing = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Alerts.AsNoTracking().ToList());
        }
        return (existing.Single(a => a.Subject == AlertOfA), existing.Single(a => a.Subject == AlertOfB), existing.Single(a => a.Subject == CompanyAlert));
    }

    [Fact]
    public async Task A_brand_manager_sees_the_alerts_of_their_brand_and_the_company_and_none_of_the_other_brand()
    {
        await EnsureAlertsAsync();
        var muscleBlaze = await app.BrandManagerAsync($"iso-{Guid.NewGuid():N}@test.local", "MuscleBlaze");

        var page = await muscleBlaze.GetStringAsync("/Alerts?status=all");
        var twin = (await muscleBlaze.GetFromJsonAsync<JsonElement>("/api/alerts?status=all")).GetProperty("rows").EnumerateArray()
            .Select(r => r.GetProperty("subject").GetString()!).ToList();
        var csv = (await CsvExportTests.DownloadAsync(muscleBlaze, "/Alerts?status=all&handler=Csv")).Rows.Select(r => r["subject"]).ToList();

        Assert.Equal([AlertOfA, CompanyAlert], twin);   // critical first
        Assert.Equal(twin, csv);
        Assert.Contains(AlertOfA, page);
        Assert.Contains(CompanyAlert, page);
        foreach (var body in new[] { page, string.Join("\n", twin), string.Join("\n", csv) })
        {
            Assert.DoesNotContain("HKVitals", body);
            Assert.DoesNotContain("Biotin", body);
        }
    }

    [Fact]
    public async Task A_brand_manager_cannot_acknowledge_the_other_brands_alert_nor_a_company_wide_one()
    {
        var (_, ofB, company) = await EnsureAlertsAsync();
        var muscleBlaze = await app.BrandManagerAsync($"iso-{Guid.NewGuid():N}@test.local", "MuscleBlaze");

        var other = await AlertData.AcknowledgeAsync(muscleBlaze, ofB.Id, "not mine");
        var companyWide = await AlertData.AcknowledgeAsync(muscleBlaze, company.Id, "not mine either");

        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);             // as if it did not exist
        Assert.Equal(HttpStatusCode.Forbidden, companyWide.StatusCode);
        Assert.Contains("admins only", await companyWide.Content.ReadAsStringAsync());
        foreach (var unchanged in new[] { AlertData.Read(app, ofB.Id), AlertData.Read(app, company.Id) })
            Assert.Equal((AlertStatus.Open, (string?)null, (string?)null), (unchanged.Status, unchanged.AcknowledgedBy, unchanged.AcknowledgementNote));
    }
}
