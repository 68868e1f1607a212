using System.Net;
using System.Text.RegularExpressions;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

/// <summary>
/// The hand-made data on 2025-06-02 (a clock shifted to that day, still ticking), with budgets for June 2025:
/// MuscleBlaze ₹3,000 brand-wide, HKVitals ₹1,000 for Campaign_1, HKVitals ₹2,000 for July (not started); and runs of
/// MuscleBlaze: June 1-15 Approved (₹620), May 20-June 1 Paid (₹75.50), July Approved (₹999: after the budget),
/// June Draft (₹333: not approved); and one of all brands, June, Approved (₹1,000: the brand's share unknown).
/// </summary>
public class BudgetApp : HandMadeApp
{
    public static readonly DateTimeOffset Today = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    public int MuscleBlaze { get; private set; }
    public int HkCampaign1 { get; private set; }
    public int HkJuly { get; private set; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(new ShiftedClock(Today)));
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var brands = await db.Brands.ToDictionaryAsync(b => b.Name, b => b.Id);
        var influencers = await db.Influencers.ToDictionaryAsync(i => i.ExternalId, i => i.Id);
        Budget Add(string brand, string? campaign, DateOnly from, DateOnly to, decimal amount) =>
            db.Budgets.Add(new Budget { BrandId = brands[brand], Campaign = campaign, From = from, To = to, Amount = amount }).Entity;
        var mb = Add("MuscleBlaze", null, new(2025, 6, 1), new(2025, 6, 30), 3_000m);
        var hk = Add("HKVitals", "Campaign_1", new(2025, 6, 1), new(2025, 6, 30), 1_000m);
        var july = Add("HKVitals", null, new(2025, 7, 1), new(2025, 7, 31), 2_000m);
        PayoutRun Run(int? brandId, DateOnly from, DateOnly to, PayoutRunState state, params (string Influencer, decimal Amount)[] lines) =>
            db.PayoutRuns.Add(new PayoutRun
            {
                BrandId = brandId, From = from, To = to, State = state, PreparedBy = AdminEmail, PreparedAt = Today.UtcDateTime,
                Lines = lines.Select(l => new PayoutRunLine { InfluencerId = influencers[l.Influencer], Amount = l.Amount, Earned = l.Amount }).ToList(),
            }).Entity;
        Run(brands["MuscleBlaze"], new(2025, 6, 1), new(2025, 6, 15), PayoutRunState.Approved, ("A1", 20m), ("B2", 600m));
        Run(brands["MuscleBlaze"], new(2025, 5, 20), new(2025, 6, 1), PayoutRunState.Paid, ("A1", 75.50m));
        Run(brands["MuscleBlaze"], new(2025, 7, 1), new(2025, 7, 31), PayoutRunState.Approved, ("A1", 999m));
        Run(brands["MuscleBlaze"], new(2025, 6, 16), new(2025, 6, 30), PayoutRunState.Draft, ("A1", 333m));
        Run(null, new(2025, 6, 1), new(2025, 6, 30), PayoutRunState.Approved, ("B2", 1_000m));
        await db.SaveChangesAsync();
        (MuscleBlaze, HkCampaign1, HkJuly) = (mb.Id, hk.Id, july.Id);
    }

    /// <summary>Another day, the clock still ticking (cookies and lockouts keep working).</summary>
    sealed class ShiftedClock(DateTimeOffset now) : TimeProvider
    {
        readonly TimeSpan shift = now - System.GetUtcNow();
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + shift;
    }
}

[Collection(AppCollection.Name)]
public class BudgetTests(BudgetApp app) : IClassFixture<BudgetApp>
{
    /// <summary>The text of a cell (by its class) in the row of budget <paramref name="id"/> of the Budgets table.</summary>
    static string Cell(string html, int id, string cell)
    {
        var row = Regex.Match(html, $"<tr[^>]*data-budget=\"{id}\"[^>]*>(.*?)</tr>", RegexOptions.Singleline);
        Assert.True(row.Success, $"no row for budget #{id}");
        if (cell == "warning") return Regex.Match(row.Groups[1].Value, "budget-warning[^>]*>([^<]*)<").Groups[1].Value.Trim();
        return Regex.Match(row.Groups[1].Value, $"class=\"[^\"]*budget-{cell}[^\"]*\">([^<]*)<").Groups[1].Value.Trim();
    }

    static bool Shows(string html, int id) => html.Contains($"data-budget=\"{id}\"");

    static async Task<string> PageAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    static async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> form)
    {
        var page = await PageAsync(client, "/Payouts/Budgets");
        form["__RequestVerificationToken"] = Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Status_on_the_payouts_page_matches_hand_computed_values()
    {
        var html = await PageAsync(await app.AdminAsync(), "/Payouts");

        // MuscleBlaze, June 1-2: A1 10 × 2 orders + B2's one post (June 2) 500, all of B2's revenue in those days being MuscleBlaze's.
        Assert.Equal("₹520.00", Cell(html, app.MuscleBlaze, "spent"));
        Assert.Equal("₹620.00", Cell(html, app.MuscleBlaze, "committed"));   // the June 1-15 Approved run only
        Assert.Equal("₹75.50", Cell(html, app.MuscleBlaze, "paid"));         // the run to June 1, paid
        Assert.Equal("₹2,480.00", Cell(html, app.MuscleBlaze, "remaining")); // 3,000 − 520
        Assert.Equal("2.60×", Cell(html, app.MuscleBlaze, "pace"));          // (520 / 3,000) / (2 / 30)
        Assert.Equal("Projected overspend: ₹7,800.00", Cell(html, app.MuscleBlaze, "warning"));   // 520 × 30 / 2

        // HKVitals' Campaign_1, June 1-2: A1's 3 orders of June 2 × 10; runs are per brand, not per campaign.
        Assert.Equal("₹30.00", Cell(html, app.HkCampaign1, "spent"));
        Assert.Equal("—", Cell(html, app.HkCampaign1, "committed"));
        Assert.Equal("—", Cell(html, app.HkCampaign1, "paid"));
        Assert.Equal("₹970.00", Cell(html, app.HkCampaign1, "remaining"));
        Assert.Equal("0.45×", Cell(html, app.HkCampaign1, "pace"));          // (30 / 1,000) / (2 / 30)
        Assert.Equal("", Cell(html, app.HkCampaign1, "warning"));            // projected 450

        // HKVitals in July: not started.
        Assert.Equal("₹0.00", Cell(html, app.HkJuly, "spent"));
        Assert.Equal("₹0.00", Cell(html, app.HkJuly, "committed"));          // no run of HKVitals
        Assert.Equal("₹2,000.00", Cell(html, app.HkJuly, "remaining"));
        Assert.Equal("—", Cell(html, app.HkJuly, "pace"));
    }

    [Fact]
    public async Task The_overview_shows_the_same_status_whatever_its_filters()
    {
        var html = await PageAsync(await app.AdminAsync(), "/?from=2025-06-03&to=2025-06-04&brand=HKVitals");
        Assert.Equal("₹520.00", Cell(html, app.MuscleBlaze, "spent"));
        Assert.Equal("2.60×", Cell(html, app.MuscleBlaze, "pace"));
        Assert.Equal("₹30.00", Cell(html, app.HkCampaign1, "spent"));
    }

    [Fact]
    public async Task A_brand_manager_sees_only_their_brands_budgets_on_both_pages()
    {
        var muscleBlaze = await app.BrandManagerAsync("budget-mb@test.local", "MuscleBlaze");
        var hkVitals = await app.BrandManagerAsync("budget-hk@test.local", "HKVitals");
        foreach (var url in new[] { "/", "/Payouts" })
        {
            var mb = await PageAsync(muscleBlaze, url);
            Assert.True(Shows(mb, app.MuscleBlaze), url);
            Assert.False(Shows(mb, app.HkCampaign1), url);
            Assert.False(Shows(mb, app.HkJuly), url);
            Assert.DoesNotContain("Manage budgets", mb);
            Assert.Equal("₹520.00", Cell(mb, app.MuscleBlaze, "spent"));

            var hk = await PageAsync(hkVitals, url);
            Assert.False(Shows(hk, app.MuscleBlaze), url);
            Assert.True(Shows(hk, app.HkCampaign1), url);
            Assert.True(Shows(hk, app.HkJuly), url);
            Assert.DoesNotContain("MuscleBlaze</td>", Regex.Match(hk, "<table[^>]*id=\"budgets\".*?</table>", RegexOptions.Singleline).Value);
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await muscleBlaze.GetAsync("/Payouts/Budgets")).StatusCode);
    }

    [Fact]
    public async Task Finance_sees_every_budget()
    {
        var html = await PageAsync(await app.FinanceAsync("budget-finance@test.local"), "/Payouts");
        Assert.True(Shows(html, app.MuscleBlaze) && Shows(html, app.HkCampaign1) && Shows(html, app.HkJuly));
    }

    [Fact]
    public async Task Admin_adds_changes_and_removes_a_budget_and_each_change_is_audited()
    {
        var admin = await app.AdminAsync();
        var brandId = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Brands.Single(b => b.Name == "HKVitals").Id);

        var added = await PostAsync(admin, "/Payouts/Budgets", new()
        {
            ["Input.BrandId"] = brandId.ToString(), ["Input.Campaign"] = " Campaign_2 ", ["Input.From"] = "2025-08-01", ["Input.To"] = "2025-08-31", ["Input.Amount"] = "1234.50",
        });
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var budget = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Budgets.AsNoTracking().Single(b => b.Campaign == "Campaign_2"));
        Assert.Equal((brandId, new DateOnly(2025, 8, 1), new DateOnly(2025, 8, 31), 1_234.50m), (budget.BrandId, budget.From, budget.To, budget.Amount));
        Assert.True(Shows(await PageAsync(admin, "/Payouts/Budgets"), budget.Id));

        var changed = await PostAsync(admin, $"/Payouts/Budgets?handler=Edit&id={budget.Id}", new()
        {
            ["Edit.From"] = "2025-08-01", ["Edit.To"] = "2025-09-30", ["Edit.Amount"] = "2000",
        });
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        var after = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Budgets.AsNoTracking().Single(b => b.Id == budget.Id));
        Assert.Equal((new DateOnly(2025, 9, 30), 2_000m), (after.To, after.Amount));

        Assert.Equal(HttpStatusCode.Redirect, (await PostAsync(admin, $"/Payouts/Budgets?handler=Remove&id={budget.Id}", [])).StatusCode);
        Assert.False(app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Budgets.Any(b => b.Id == budget.Id)));

        var subject = $"budget #{budget.Id} (HKVitals, Campaign_2)";
        var entries = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Subject == subject).OrderBy(e => e.Id).Select(e => new { e.Actor, e.Action, e.Details }).ToList());
        Assert.Equal(
        [
            (AppFactory.AdminEmail, AuditActions.BudgetCreated, "(none) → 1234.50 for 2025-08-01..2025-08-31"),
            (AppFactory.AdminEmail, AuditActions.BudgetChanged, "1234.50 for 2025-08-01..2025-08-31 → 2000.00 for 2025-08-01..2025-09-30"),
            (AppFactory.AdminEmail, AuditActions.BudgetRemoved, "2000.00 for 2025-08-01..2025-09-30 → (removed)"),
        ], entries.Select(e => (e.Actor, e.Action, e.Details!)).ToList());
    }

    [Fact]
    public async Task Invalid_budgets_are_refused_with_every_error_and_nothing_is_saved()
    {
        var admin = await app.AdminAsync();
        var before = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Budgets.Count());

        var response = await PostAsync(admin, "/Payouts/Budgets", new()
        {
            ["Input.BrandId"] = "9999", ["Input.Campaign"] = "Campaign_404", ["Input.From"] = "2025-06-30", ["Input.To"] = "2025-06-01", ["Input.Amount"] = "0",
        });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Contains("The amount must be more than ₹0.", html);
        Assert.Contains("The period's first day (from) must not be after its last (to).", html);
        Assert.Contains("Choose a brand.", html);
        Assert.Contains("No campaign 'Campaign_404' in the data", html);

        var edit = await PostAsync(admin, $"/Payouts/Budgets?handler=Edit&id={app.MuscleBlaze}", new()
        {
            ["Edit.From"] = "2025-06-01", ["Edit.To"] = "2025-06-30", ["Edit.Amount"] = "-5",
        });
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);
        Assert.Contains($"Budget #{app.MuscleBlaze}: The amount must be more than ₹0.", WebUtility.HtmlDecode(await edit.Content.ReadAsStringAsync()));

        Assert.Equal(before, app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Budgets.Count()));
        Assert.Equal(3_000m, app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Budgets.Single(b => b.Id == app.MuscleBlaze).Amount));
        Assert.Equal(HttpStatusCode.NotFound, (await PostAsync(admin, "/Payouts/Budgets?handler=Remove&id=99999", [])).StatusCode);
    }
}
