using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CampaignTracker.Tests.Exports;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Alerts;

/// <summary>
/// Three influencers, one brand each side: Asha (A1, MuscleBlaze) with an open order-concentration alert, Bala (B2,
/// HKVitals) with an acknowledged implausible-engagement alert, Chitra (C3, MuscleBlaze) whose order-concentration
/// alert is resolved and whose open alert is of a rule that flags no influencer. Alerts are inserted as rows, as the
/// evaluator would write them. Everyone sells at iROAS under 1, so every list of Insights has all three.
/// </summary>
public class FlagsApp : AppFactory, IAsyncLifetime
{
    public const string Influencers = """
        ID,name,category,gender,follower_count,platform
        A1,Asha Rao,Fitness,Female,50000,Instagram
        B2,Bala Iyer,Health,Male,200000,YouTube
        C3,Chitra N,Parenting,Female,9000,TikTok
        """;

    public const string Payouts = """
        influencer_id,basis,rate,orders,total_payout
        A1,order,200,2,400
        B2,order,200,2,400
        C3,order,200,2,400
        """;

    public const string Posts = """
        influencer_id,platform,date,URL,caption,reach,likes,comments
        A1,Instagram,2025-06-01,http://a.example/1,one,1000,100,20
        B2,YouTube,2025-06-02,http://b.example/1,two,1000,90,10
        C3,TikTok,2025-06-03,http://c.example/1,three,1000,80,10
        """;

    public const string Tracking = """
        source,campaign,influencer_id,user_id,product,brand,date,orders,revenue
        s.example,Campaign_1,A1,u1,Whey Protein,MuscleBlaze,2025-06-01,2,1000.00
        s.example,Campaign_2,B2,u2,Biotin,HKVitals,2025-06-02,2,900.00
        s.example,Campaign_1,C3,u3,Creatine,MuscleBlaze,2025-06-03,2,800.00
        """;

    public async Task InitializeAsync()
    {
        var files = TestFiles.Write(("influencers.csv", Influencers), ("payouts.csv", Payouts), ("posts.csv", Posts), ("tracking_data.csv", Tracking));
        Assert.Equal(UploadStatus.Succeeded, (await Ingest.FilesAsync(this, files)).Status);
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        db.Alerts.AddRange(
            Alert(db, "A1", AlertRules.OrderConcentration, AlertStatus.Open),
            Alert(db, "B2", AlertRules.ImplausibleEngagement, AlertStatus.Acknowledged),
            Alert(db, "C3", AlertRules.OrderConcentration, AlertStatus.Resolved),
            Alert(db, "C3", AlertRules.IroasUnderTarget, AlertStatus.Open));
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<InfluencerFlags>().Invalidate();
    }

    static Alert Alert(CampaignDbContext db, string externalId, string rule, AlertStatus status)
    {
        var id = db.Influencers.Single(i => i.ExternalId == externalId).Id;
        return new Alert
        {
            Rule = rule, SubjectKey = $"influencer:{id}", Scope = AlertScope.Influencer, Subject = externalId, Severity = AlertSeverity.Warning,
            Status = status, Message = "test", InfluencerId = id, FirstSeenAt = DateTime.UtcNow, LastSeenAt = DateTime.UtcNow,
            ResolvedAt = status == AlertStatus.Resolved ? DateTime.UtcNow : null,
        };
    }

    /// <summary>Sets the status of an influencer's alert of a rule, and tells the flags (as the acknowledge action will).</summary>
    public async Task SetStatusAsync(string externalId, string rule, AlertStatus status)
    {
        using var scope = Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var id = db.Influencers.Single(i => i.ExternalId == externalId).Id;
        var alert = await db.Alerts.SingleAsync(a => a.InfluencerId == id && a.Rule == rule);
        alert.Status = status;
        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<InfluencerFlags>().Invalidate();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

[Collection(AppCollection.Name)]
public class InfluencerFlagsTests(FlagsApp app) : IClassFixture<FlagsApp>
{
    const string AshaFlag = "title=\"Order concentration: open alert\" aria-label=\"Flagged: Order concentration: open alert\"";
    const string BalaFlag = "title=\"Implausible engagement: acknowledged alert\"";

    /// <summary>The table row (or list item) of an influencer's link on a page: its cells as HTML.</summary>
    static string RowOf(string page, string tableId, string name)
    {
        var table = Regex.Match(page, $"<table[^>]*id=\"{tableId}\"[\\s\\S]*?</table>").Value;
        return Regex.Matches(table, "<tr>[\\s\\S]*?</tr>").Select(m => m.Value).SingleOrDefault(r => r.Contains($">{name}</a>")) ?? "";
    }

    static string[] Ids(JsonElement list) => list.EnumerateArray().Select(i => i.GetProperty("id").GetString()!).ToArray();

    [Fact]
    public async Task The_influencers_page_flags_open_and_acknowledged_alerts_and_not_resolved_ones()
    {
        var page = WebUtility.HtmlDecode(await (await app.AdminAsync()).GetStringAsync("/Influencers"));

        Assert.Contains(AshaFlag, RowOf(page, "influencers", "Asha Rao"));
        Assert.Contains(BalaFlag, RowOf(page, "influencers", "Bala Iyer"));
        Assert.DoesNotContain("influencer-flag", RowOf(page, "influencers", "Chitra N"));   // resolved; and an iROAS alert flags no influencer
        Assert.Contains("role=\"img\"", RowOf(page, "influencers", "Asha Rao"));
    }

    [Fact]
    public async Task The_exports_carry_a_flags_column_with_the_rule_titles()
    {
        var admin = await app.AdminAsync();

        var csv = await CsvExportTests.DownloadAsync(admin, "/Influencers?handler=Csv");
        Assert.Equal([("A1", "Order concentration"), ("B2", "Implausible engagement"), ("C3", "")], csv.Rows.Select(r => (r["id"], r["flags"])));
        var top = await CsvExportTests.DownloadAsync(admin, "/Insights?handler=Csv&table=top-revenue");
        Assert.Equal([("A1", "Order concentration"), ("B2", "Implausible engagement"), ("C3", "")], top.Rows.Select(r => (r["id"], r["flags"])));
        var poor = await CsvExportTests.DownloadAsync(admin, "/Insights?handler=Csv&table=poor-influencers");
        Assert.Equal("Order concentration", poor.Rows.Single(r => r["id"] == "A1")["flags"]);

        using var book = await PayoutWorkbookTests.DownloadAsync(admin, "/Payouts?handler=Excel");
        var ws = book.Payouts;
        Assert.Equal("Alert flags", ws.Cells[1, ws.Dimension.End.Column].Text);   // added last: the other columns keep their letters
        Assert.Equal("ROUND(IF(C2=\"order\",D2*F2,D2*G2),2)", ws.Cells[2, PayoutWorkbookTests.Workbook.Column(ws, "Earned payout")].Formula);
        Assert.Equal(("Order concentration", "Implausible engagement", ""),
            ((string?)PayoutWorkbookTests.Workbook.Value(ws, "A1", "Alert flags"), (string?)PayoutWorkbookTests.Workbook.Value(ws, "B2", "Alert flags"),
             (string?)PayoutWorkbookTests.Workbook.Value(ws, "C3", "Alert flags") ?? ""));
    }

    [Fact]
    public async Task Insights_and_the_detail_page_show_the_flag()
    {
        var admin = await app.AdminAsync();

        var insights = WebUtility.HtmlDecode(await admin.GetStringAsync("/Insights?minPayout=0&minOrders=0"));
        foreach (var list in new[] { "top-revenue", "top-iroas", "top-err", "poor-influencers" })
        {
            Assert.Contains(AshaFlag, RowOf(insights, list, "Asha Rao"));
            Assert.DoesNotContain("influencer-flag", RowOf(insights, list, "Chitra N"));
        }
        Assert.Contains("Leave flagged influencers out of the rankings", insights);

        var asha = WebUtility.HtmlDecode(await admin.GetStringAsync("/Influencers/Details?id=A1"));
        // Beside the heading, not inside it: the heading's accessible name stays the influencer's.
        Assert.Matches("<h1[^>]*>Asha Rao</h1>\\s*<span class=\"badge[^>]*title=\"Order concentration: open alert\"", asha);
        Assert.Contains("id=\"influencer-flags\"", asha);
        Assert.DoesNotContain("influencer-flag", await admin.GetStringAsync("/Influencers/Details?id=C3"));
        Assert.Equal("Order concentration", (await admin.GetFromJsonAsync<JsonElement>("/api/influencers/A1")).GetProperty("flags").GetString());
    }

    [Fact]
    public async Task Flagged_exclude_leaves_flagged_influencers_out_of_the_rankings_on_the_page_the_twin_and_the_csv()
    {
        var admin = await app.AdminAsync();
        const string rule = "minPayout=0&minOrders=0";

        var all = await admin.GetFromJsonAsync<JsonElement>($"/api/insights?{rule}");
        Assert.Equal(["A1", "B2", "C3"], Ids(all.GetProperty("topByRevenue")));
        Assert.Equal(("include", 0), (all.GetProperty("flagged").GetString(), all.GetProperty("flaggedLeftOut").GetInt32()));

        var some = await admin.GetFromJsonAsync<JsonElement>($"/api/insights?{rule}&flagged=exclude");
        foreach (var list in new[] { "topByRevenue", "topByIroas", "topByErr", "poorInfluencers" })
            Assert.Equal(["C3"], Ids(some.GetProperty(list)));
        Assert.Equal(["Chitra N"], some.GetProperty("scatter").EnumerateArray().Select(p => p.GetProperty("name").GetString()));
        Assert.Equal(2, some.GetProperty("flaggedLeftOut").GetInt32());
        Assert.Equal(all.GetProperty("breakEven").GetProperty("slice").GetRawText(), some.GetProperty("breakEven").GetProperty("slice").GetRawText());   // totals keep everyone

        var page = WebUtility.HtmlDecode(await admin.GetStringAsync($"/Insights?{rule}&flagged=exclude"));
        Assert.Equal("", RowOf(page, "top-revenue", "Asha Rao"));
        Assert.Equal("", RowOf(page, "poor-influencers", "Bala Iyer"));
        Assert.NotEqual("", RowOf(page, "top-revenue", "Chitra N"));
        Assert.Contains("Include flagged influencers", page);
        Assert.Contains("name=\"flagged\" value=\"exclude\"", page);   // the filter form keeps the switch

        var csv = await CsvExportTests.DownloadAsync(admin, $"/Insights?handler=Csv&table=top-revenue&{rule}&flagged=exclude");
        Assert.Equal(["C3"], csv.Rows.Select(r => r["id"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/api/insights?flagged=maybe")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync("/Insights?flagged=maybe")).StatusCode);
    }

    [Fact]
    public async Task A_changed_flag_set_is_seen_at_once_by_the_cached_insights()
    {
        var admin = await app.AdminAsync();
        const string url = "/api/insights?flagged=exclude";
        Assert.Equal(["C3"], Ids((await admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("topByRevenue")));   // cached now

        await app.SetStatusAsync("A1", AlertRules.OrderConcentration, AlertStatus.Resolved);
        try
        {
            Assert.Equal(["A1", "C3"], Ids((await admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("topByRevenue")));
            Assert.DoesNotContain("influencer-flag", RowOf(WebUtility.HtmlDecode(await admin.GetStringAsync("/Influencers")), "influencers", "Asha Rao"));
        }
        finally
        {
            await app.SetStatusAsync("A1", AlertRules.OrderConcentration, AlertStatus.Open);
        }
        Assert.Equal(["C3"], Ids((await admin.GetFromJsonAsync<JsonElement>(url)).GetProperty("topByRevenue")));
    }

    [Fact]
    public async Task A_brand_manager_sees_flags_only_on_the_rows_of_their_brands()
    {
        var manager = await app.BrandManagerAsync($"mb-flags-{Guid.NewGuid():N}@test.local", "MuscleBlaze");

        var page = WebUtility.HtmlDecode(await manager.GetStringAsync("/Influencers"));
        Assert.Contains(AshaFlag, RowOf(page, "influencers", "Asha Rao"));
        Assert.DoesNotContain("Bala Iyer", page);
        Assert.DoesNotContain("Implausible engagement", page);

        var csv = await CsvExportTests.DownloadAsync(manager, "/Influencers?handler=Csv");
        Assert.Equal([("A1", "Order concentration"), ("C3", "")], csv.Rows.Select(r => (r["id"], r["flags"])));
        var insights = WebUtility.HtmlDecode(await manager.GetStringAsync("/Insights?minPayout=0&minOrders=0"));
        Assert.DoesNotContain("Bala Iyer", insights);
        Assert.DoesNotContain("Implausible engagement", insights);
        var twin = await manager.GetFromJsonAsync<JsonElement>("/api/insights?minPayout=0&minOrders=0&flagged=exclude");
        Assert.Equal(["C3"], Ids(twin.GetProperty("topByRevenue")));
        Assert.Equal(1, twin.GetProperty("flaggedLeftOut").GetInt32());   // Asha only: Bala is not in this view
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync("/Influencers/Details?id=B2")).StatusCode);
        using var book = await PayoutWorkbookTests.DownloadAsync(manager, "/Payouts?handler=Excel");
        Assert.DoesNotContain("Implausible engagement", book.AllText);
    }

    sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = DateTimeOffset.UnixEpoch;
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public async Task Flags_are_read_once_and_again_only_after_Invalidate_or_a_minute()
    {
        var clock = new ManualClock();
        var flags = new InfluencerFlags(app.Services.GetRequiredService<IServiceScopeFactory>(), clock);
        var first = await flags.CurrentAsync(CancellationToken.None);
        var chitra = app.Using(sp => sp.GetRequiredService<CampaignDbContext>().Influencers.Single(i => i.ExternalId == "C3").Id);
        Assert.False(first.IsFlagged(chitra));

        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            db.Alerts.Add(new Alert { Rule = AlertRules.ImplausibleEngagement, SubjectKey = $"influencer:{chitra}", Status = AlertStatus.Open, InfluencerId = chitra });
            await db.SaveChangesAsync();
            try
            {
                Assert.Same(first, await flags.CurrentAsync(CancellationToken.None));   // a warm request: no read
                clock.Now += InfluencerFlags.MaxAge;
                var later = await flags.CurrentAsync(CancellationToken.None);
                Assert.True(later.IsFlagged(chitra));
                Assert.NotEqual(first.Version, later.Version);
            }
            finally
            {
                db.Alerts.Remove(db.Alerts.Single(a => a.Rule == AlertRules.ImplausibleEngagement && a.InfluencerId == chitra));
                await db.SaveChangesAsync();
            }
        }
        flags.Invalidate();
        var after = await flags.CurrentAsync(CancellationToken.None);
        Assert.False(after.IsFlagged(chitra));
        flags.Invalidate();
        Assert.Equal(after.Version, (await flags.CurrentAsync(CancellationToken.None)).Version);   // read again, unchanged: same version, cached results kept
    }
}
