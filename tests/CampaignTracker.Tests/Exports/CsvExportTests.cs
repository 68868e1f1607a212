using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CampaignTracker.Tests.Integration;
using CsvHelper;

namespace CampaignTracker.Tests.Exports;

/// <summary>Issue 5: each table's CSV equals its JSON twin, for the same filters and scope; text cannot run as a formula.</summary>
[Collection(AppCollection.Name)]
public class CsvExportTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    public sealed record Csv(byte[] Bytes, string? FileName, List<Dictionary<string, string>> Rows);

    public static async Task<Csv> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        using var csv = CsvReader.Create(new MemoryStream(bytes), new CsvReaderOptions(), leaveOpen: false);
        csv.ReadHeader();
        var headers = csv.Headers.ToArray();
        var rows = new List<Dictionary<string, string>>();
        while (csv.Read()) rows.Add(headers.Select((h, i) => (h, v: csv.GetString(i))).ToDictionary(p => p.h, p => p.v));
        return new Csv(bytes, response.Content.Headers.ContentDisposition?.FileName, rows);
    }

    static decimal? Number(string text) => text == "" ? null : decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture);

    static decimal? Json(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetDecimal();

    [Fact]
    public async Task Campaigns_csv_equals_the_json_twin_for_the_same_view()
    {
        var client = await app.AdminAsync();
        const string query = "?brand=HKVitals&cost=declared&sort=revenue&dir=desc";
        var csv = await DownloadAsync(client, "/Campaigns" + query + "&handler=Csv");
        var json = (await client.GetFromJsonAsync<JsonElement[]>("/api/campaigns" + query))!;

        Assert.Equal(json.Select(j => j.GetProperty("campaign").GetString()), csv.Rows.Select(r => r["campaign"]));
        foreach (var (row, twin) in csv.Rows.Zip(json))
        {
            Assert.Equal(Json(twin, "revenue"), Number(row["revenue"]));
            Assert.Equal(Json(twin, "payout"), Number(row["payout_declared"]));
            Assert.Equal(Json(twin, "iroas"), Number(row["iroas_lift_0.30"]));
            Assert.Equal(Json(twin, "roi"), Number(row["roi_percent"]));
        }
    }

    [Fact]
    public async Task Payouts_csv_equals_the_json_twin_for_the_same_view()
    {
        var client = await app.AdminAsync();
        const string query = "?brand=MuscleBlaze&from=2025-06-01&to=2025-06-02&sort=earned&dir=desc";
        var csv = await DownloadAsync(client, "/Payouts" + query + "&handler=Csv");
        var json = await client.GetFromJsonAsync<JsonElement>("/api/payouts" + query);
        var rows = json.GetProperty("rows").EnumerateArray().ToList();

        Assert.Equal(rows.Select(j => j.GetProperty("influencerId").GetString()), csv.Rows.Select(r => r["influencer_id"]));
        Assert.Equal(2, csv.Rows.Count);
        foreach (var (row, twin) in csv.Rows.Zip(rows))
        {
            Assert.Equal(twin.GetProperty("basis").GetString(), row["basis"]);
            Assert.Equal(Json(twin, "rate"), Number(row["rate"]));
            Assert.Equal(Json(twin, "trackedOrders"), Number(row["tracked_orders"]));
            Assert.Equal(Json(twin, "posts"), Number(row["posts"]));
            Assert.Equal(Json(twin, "declared"), Number(row["declared_payout"]));
            Assert.Equal(Json(twin, "earned"), Number(row["earned_payout"]));
            Assert.Equal(Json(twin, "difference"), Number(row["difference"]));
            Assert.Equal(twin.GetProperty("flagged").GetBoolean() ? "check" : "", row["flag"]);
            Assert.Equal(twin.GetProperty("status").GetString(), row["status"]);
        }
    }

    [Fact]
    public async Task Detail_page_tables_download_as_their_json_twin_shows_them()
    {
        var client = await app.AdminAsync();
        var campaign = await client.GetFromJsonAsync<JsonElement>("/api/campaigns/Campaign_1?cost=declared");
        var influencers = await DownloadAsync(client, "/Campaigns/Details?name=Campaign_1&cost=declared&handler=Csv&table=influencers");
        Assert.Equal(campaign.GetProperty("influencers").EnumerateArray().Select(i => (i.GetProperty("id").GetString(), Json(i, "revenue"), Json(i, "payout"))),
            influencers.Rows.Select(r => ((string?)r["id"], Number(r["revenue"]), Number(r["payout_declared"]))));
        Assert.StartsWith("Campaign_1_influencers_start_to_end_generated_", influencers.FileName);

        var asha = await client.GetFromJsonAsync<JsonElement>("/api/influencers/A1?from=2025-06-01&to=2025-06-02");
        var products = await DownloadAsync(client, "/Influencers/Details?id=A1&from=2025-06-01&to=2025-06-02&handler=Csv&table=products");
        Assert.Equal(asha.GetProperty("products").EnumerateArray().Select(p => (p.GetProperty("name").GetString(), Json(p, "revenue"))),
            products.Rows.Select(r => ((string?)r["product"], Number(r["revenue"]))));
        Assert.Equal(["Biotin", "Whey Protein"], products.Rows.Select(r => r["product"]).Order());
        var posts = await DownloadAsync(client, "/Influencers/Details?id=A1&handler=Csv&table=posts");
        Assert.Equal(("2025-06-01", "Hello, \"world\"", "12.00"), (posts.Rows[0]["date"], posts.Rows[0]["caption"], posts.Rows[0]["err_percent"]));

        var hk = await app.BrandManagerAsync($"hk-detail-csv-{Guid.NewGuid():N}@test.local", "HKVitals");
        Assert.Equal(["Biotin"], (await DownloadAsync(hk, "/Influencers/Details?id=A1&handler=Csv&table=products")).Rows.Select(r => r["product"]));
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Influencers/Details?id=A1&handler=Csv&table=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/Campaigns/Details?name=Campaign_99&handler=Csv")).StatusCode);
    }

    [Fact]
    public async Task Influencers_csv_has_every_row_of_the_view_with_undefined_ratios_empty()
    {
        var client = await app.AdminAsync();
        var csv = await DownloadAsync(client, "/Influencers?handler=Csv&sort=revenue&dir=desc&p=2");
        var json = await client.GetFromJsonAsync<JsonElement>("/api/influencers?sort=revenue&dir=desc");

        Assert.Equal(json.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("id").GetString()), csv.Rows.Select(r => r["id"]));
        var chitra = csv.Rows.Single(r => r["id"] == "C3");
        Assert.Equal(("", "0"), (chitra["roas"], chitra["payout_earned"]));   // no payout: ROAS undefined, exported empty
        Assert.Equal("12.00", csv.Rows.Single(r => r["id"] == "A1")["err_percent"]);   // plain decimal: no %, no grouping
    }

    [Fact]
    public async Task A_csv_starts_with_a_utf8_bom_and_its_file_name_says_what_and_when()
    {
        var csv = await DownloadAsync(await app.AdminAsync(), "/Campaigns?handler=Csv&from=2025-06-01&to=2025-06-30");

        Assert.Equal(Encoding.UTF8.GetPreamble(), csv.Bytes[..3]);
        Assert.Matches(@"^campaigns_2025-06-01_to_2025-06-30_generated_\d{4}-\d{2}-\d{2}\.csv$", csv.FileName);
    }

    [Fact]
    public async Task A_brand_managers_csv_holds_only_their_brands()
    {
        var client = await app.BrandManagerAsync("hk-csv@test.local", "HKVitals");
        var csv = await DownloadAsync(client, "/Campaigns?handler=Csv&brand=MuscleBlaze");   // asking for another brand gives nothing

        Assert.Empty(csv.Rows);
        Assert.Equal([300m, 400m], (await DownloadAsync(client, "/Campaigns?handler=Csv")).Rows.Select(r => Number(r["revenue"])!.Value));
    }

    [Fact]
    public async Task A_caption_that_looks_like_a_formula_arrives_as_text()
    {
        var csv = await DownloadAsync(await app.AdminAsync(), "/Posts?handler=Csv&table=top");

        var caption = csv.Rows.Single(r => r["influencer_id"] == "C3")["caption"];
        Assert.EndsWith("=1+1", caption);
        Assert.False(caption.StartsWith('='), $"'{caption}' would run as a formula");
    }

    [Fact]
    public async Task Posts_and_insights_tables_download_with_the_pages_filters()
    {
        var client = await app.AdminAsync();

        var platforms = await DownloadAsync(client, "/Posts?handler=Csv&table=platform&platform=YouTube");
        Assert.Equal(("YouTube", 7m), (platforms.Rows.Single()["platform"], Number(platforms.Rows.Single()["err_percent"])!.Value));

        var poor = await DownloadAsync(client, "/Insights?handler=Csv&table=poor-influencers");
        Assert.Equal(["B2"], poor.Rows.Select(r => r["id"]));
        Assert.Equal(769.2308m, decimal.Round(Number(poor.Rows[0]["money_lost"])!.Value, 4));

        var breakEven = await DownloadAsync(client, "/Insights?handler=Csv&table=break-even&lift=84");
        Assert.Equal([0.04m, null], breakEven.Rows.Select(r => Number(r["break_even_lift"])));
        Assert.Contains("iroas_lift_0.84", breakEven.Rows[0].Keys);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Insights?handler=Csv&table=nope")).StatusCode);
    }
}

[Collection(AppCollection.Name)]
public class OverviewCsvTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    [Fact]
    public async Task The_daily_sales_rows_of_the_view_add_up_to_the_revenue_card()
    {
        var client = await app.AdminAsync();
        var csv = await CsvExportTests.DownloadAsync(client, "/?handler=Csv&brand=MuscleBlaze");
        var kpis = await client.GetFromJsonAsync<JsonElement>("/api/kpis?brand=MuscleBlaze");

        Assert.Equal(2, csv.Rows.Count);   // Asha's and Bala's Whey Protein
        Assert.All(csv.Rows, r => Assert.Equal("MuscleBlaze", r["brand"]));
        Assert.Equal(kpis.GetProperty("revenue").GetDecimal(), csv.Rows.Sum(r => decimal.Parse(r["revenue"], CultureInfo.InvariantCulture)));
        Assert.Equal("2025-06-01", csv.Rows[0]["date"]);
    }

    [Fact]
    public async Task The_chart_table_downloads_per_day_or_week()
    {
        var csv = await CsvExportTests.DownloadAsync(await app.AdminAsync(), "/?handler=Csv&table=days&interval=week&cost=declared");

        Assert.Equal(["2025-05-26", "2025-06-02"], csv.Rows.Select(r => r["week_of"]));
        Assert.Equal("620.00", csv.Rows.Sum(r => decimal.Parse(r["payout_declared"], CultureInfo.InvariantCulture)).ToString("F2", CultureInfo.InvariantCulture));
    }
}
