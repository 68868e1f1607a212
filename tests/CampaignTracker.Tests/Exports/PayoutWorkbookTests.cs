using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using OfficeOpenXml;

namespace CampaignTracker.Tests.Exports;

/// <summary>Issue 5: the Excel payout sheet, downloaded from the app and opened with EPPlus (figures by hand as in PayoutsTests).</summary>
[Collection(AppCollection.Name)]
public class PayoutWorkbookTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    public sealed record Workbook(string? FileName, ExcelPackage Package) : IDisposable
    {
        public ExcelWorksheet Payouts => Package.Workbook.Worksheets["Payouts"];
        public ExcelWorksheet ByBrand => Package.Workbook.Worksheets["By brand"];
        public ExcelWorksheet Assumptions => Package.Workbook.Worksheets["Assumptions"];

        /// <summary>The row whose first cell holds this text (an influencer id, a brand), or 0.</summary>
        public static int RowOf(ExcelWorksheet ws, string first) =>
            Enumerable.Range(1, ws.Dimension.End.Row).FirstOrDefault(r => ws.Cells[r, 1].Text == first);

        /// <summary>The column with this header, or 0.</summary>
        public static int Column(ExcelWorksheet ws, string header) =>
            Enumerable.Range(1, ws.Dimension.End.Column).FirstOrDefault(c => ws.Cells[1, c].Text == header);

        public static object? Value(ExcelWorksheet ws, string first, string header) => ws.Cells[RowOf(ws, first), Column(ws, header)].Value;

        public static decimal Number(ExcelWorksheet ws, string first, string header) =>
            decimal.Round(Convert.ToDecimal(Value(ws, first, header), System.Globalization.CultureInfo.InvariantCulture), 2);

        public string AllText => string.Join("\n", Package.Workbook.Worksheets.SelectMany(ws =>
            ws.Dimension is null ? [] : ws.Cells[ws.Dimension.Address].Select(c => c.Text + " " + c.Formula)));

        public void Dispose() => Package.Dispose();
    }

    /// <summary>Downloads the workbook and computes its formulas with EPPlus's own engine (values as Excel would show them).</summary>
    public static async Task<Workbook> DownloadAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(PayoutWorkbook.ContentType, response.Content.Headers.ContentType?.MediaType);
        var package = new ExcelPackage(new MemoryStream(await response.Content.ReadAsByteArrayAsync()));
        package.Workbook.Calculate();
        return new Workbook(response.Content.Headers.ContentDisposition?.FileName, package);
    }

    static string Today => DateTime.UtcNow.ToString("yyyy-MM-dd");

    [Fact]
    public async Task The_payouts_sheet_reconciles_with_live_formulas_and_subtotals()
    {
        using var book = await DownloadAsync(await app.AdminAsync(), "/Payouts?handler=Excel");
        var ws = book.Payouts;

        Assert.Equal($"payout-sheet_2025-06-01_to_2025-06-04_generated_{Today}.xlsx", book.FileName);   // the data's first and last days
        Assert.Equal(["Payouts", "By brand", "Assumptions"], book.Package.Workbook.Worksheets.Select(w => w.Name));
        Assert.Equal(["Influencer ID", "Name", "Basis", "Rate", "Declared orders", "Tracked orders", "Posts", "Declared payout",
            "Earned payout", "Difference", "Flag", "Status", "Alert flags"], Enumerable.Range(1, 13).Select(c => ws.Cells[1, c].Text));
        Assert.Equal(["A1", "B2"], new[] { ws.Cells[2, 1].Text, ws.Cells[3, 1].Text });   // sorted by name: Asha, Bala; Chitra has no payout row

        // Earned and difference are formulas finance can audit; their results are the page's figures.
        var earned = Workbook.Column(ws, "Earned payout");
        Assert.Equal("ROUND(IF(C2=\"order\",D2*F2,D2*G2),2)", ws.Cells[2, earned].Formula);
        Assert.Equal("H2-I2", ws.Cells[2, Workbook.Column(ws, "Difference")].Formula);
        Assert.Equal((50m, 120m, 70m), (Workbook.Number(ws, "A1", "Earned payout"), Workbook.Number(ws, "A1", "Declared payout"), Workbook.Number(ws, "A1", "Difference")));   // 10 × 5 tracked orders
        Assert.Equal((1_000m, -500m), (Workbook.Number(ws, "B2", "Earned payout"), Workbook.Number(ws, "B2", "Difference")));   // 500 × 2 posts
        Assert.Equal((12m, 5m, 1m), (Workbook.Number(ws, "A1", "Declared orders"), Workbook.Number(ws, "A1", "Tracked orders"), Workbook.Number(ws, "A1", "Posts")));
        Assert.Equal(("check", "check"), (ws.Cells[2, 11].Text, ws.Cells[3, 11].Text));
        Assert.Equal("Pending", Workbook.Value(ws, "B2", "Status"));
        Assert.Equal(("", ""), (ws.Cells[2, 13].Text, ws.Cells[3, 13].Text));   // no alert flags an influencer here (AlertFlagsTests: one that does)

        // Totals below the rows, with SUBTOTAL(109) so an autofilter keeps them right.
        var totals = Workbook.RowOf(ws, "Total (visible rows)");
        Assert.Equal(4, totals);
        Assert.Equal("SUBTOTAL(109,H2:H3)", ws.Cells[totals, 8].Formula);
        Assert.Equal((620m, 1_050m, -430m), (Workbook.Number(ws, "Total (visible rows)", "Declared payout"),
            Workbook.Number(ws, "Total (visible rows)", "Earned payout"), Workbook.Number(ws, "Total (visible rows)", "Difference")));

        // Formats, filter, frozen header, flag highlighting.
        Assert.Equal(PayoutWorkbook.Rupees, ws.Cells[2, 8].Style.Numberformat.Format);
        Assert.Equal(PayoutWorkbook.Rupees, ws.Cells[totals, earned].Style.Numberformat.Format);
        Assert.Contains("₹", ws.Cells[2, 8].Style.Numberformat.Format);
        Assert.Equal(PayoutWorkbook.Count, ws.Cells[3, 7].Style.Numberformat.Format);
        Assert.True(ws.Cells[1, 1].Style.Font.Bold);
        Assert.Equal("A1:M3", ws.AutoFilterAddress.Address);
        Assert.Contains("ySplit=\"1\"", ws.WorksheetXml.OuterXml);   // header row frozen
        var flag = Assert.Single(ws.ConditionalFormatting);
        Assert.Equal("A2:M3", flag.Address.Address);
        Assert.Equal("AND(ABS($J2)>1,OR($I2=0,ABS($J2)*100>1*ABS($I2)))", ((OfficeOpenXml.ConditionalFormatting.Contracts.IExcelConditionalFormattingExpression)flag).Formula);
        Assert.InRange(ws.Column(2).Width, 11, 20);   // "Bala Iyer", "Asha Rao": sized from content, not the default
    }

    [Fact]
    public async Task The_by_brand_sheet_agrees_with_the_overview_of_each_brand()
    {
        var client = await app.AdminAsync();
        using var book = await DownloadAsync(client, "/Payouts?handler=Excel");
        var ws = book.ByBrand;

        Assert.Equal(["Brand", "Revenue", "Allocated payout (earned)", "ROAS", "Incremental revenue", "iROAS"],
            Enumerable.Range(1, 6).Select(c => ws.Cells[1, c].Text));
        foreach (var (brand, query) in new[] { ("HKVitals", "?brand=HKVitals"), ("MuscleBlaze", "?brand=MuscleBlaze"), ("Total", "") })
        {
            var kpis = await client.GetFromJsonAsync<JsonElement>("/api/kpis" + query);
            Assert.Equal(decimal.Round(kpis.GetProperty("revenue").GetDecimal(), 2), Workbook.Number(ws, brand, "Revenue"));
            Assert.Equal(decimal.Round(kpis.GetProperty("payout").GetDecimal(), 2), Workbook.Number(ws, brand, "Allocated payout (earned)"));
            Assert.Equal(decimal.Round(kpis.GetProperty("iroas").GetDecimal(), 2), Workbook.Number(ws, brand, "iROAS"));
        }
        Assert.Equal((1_600m, 700m, 2_300m), (Workbook.Number(ws, "MuscleBlaze", "Revenue"), Workbook.Number(ws, "HKVitals", "Revenue"), Workbook.Number(ws, "Total", "Revenue")));
        Assert.Equal(0, Workbook.RowOf(ws, "Not allocated to a brand"));   // everyone with a contract sold: brands add up to the total
    }

    [Fact]
    public async Task A_brand_managers_workbook_holds_only_their_brand_and_shares_post_costs()
    {
        var hk = await app.BrandManagerAsync($"hk-xlsx-{Guid.NewGuid():N}@test.local", "HKVitals");
        using (var book = await DownloadAsync(hk, "/Payouts?handler=Excel"))
        {
            Assert.DoesNotContain("MuscleBlaze", book.AllText);
            Assert.DoesNotContain("Whey", book.AllText);
            Assert.DoesNotContain("1,600", book.AllText);   // MuscleBlaze's revenue
            var share = Workbook.Column(book.Payouts, "Post cost share");
            Assert.True(share > 0);
            Assert.Equal("0.00%", book.Payouts.Cells[2, share].Style.Numberformat.Format);
        }
        using (var asking = await DownloadAsync(hk, "/Payouts?handler=Excel&brand=MuscleBlaze"))   // asking for the other brand gives nothing of it
        {
            Assert.Equal("No payouts in this view.", asking.Payouts.Cells[2, 1].Text);
            Assert.Equal(["Total"], Brands(asking.ByBrand));
            Assert.Equal(0m, Workbook.Number(asking.ByBrand, "Total", "Revenue"));
        }
    }

    [Fact]
    public async Task A_brand_managers_earned_formulas_give_their_allocated_payouts()
    {
        var hk = await app.BrandManagerAsync($"hk-xlsx-{Guid.NewGuid():N}@test.local", "HKVitals");
        using var book = await DownloadAsync(hk, "/Payouts?handler=Excel");
        var ws = book.Payouts;

        Assert.Equal(0.4m, Workbook.Number(ws, "B2", "Post cost share"));                       // 400 of Bala's 1,000 revenue is HKVitals
        Assert.Equal("ROUND(IF(C3=\"order\",D3*F3,D3*G3*H3),2)", ws.Cells[3, Workbook.Column(ws, "Earned payout")].Formula);
        Assert.Equal((30m, 400m), (Workbook.Number(ws, "A1", "Earned payout"), Workbook.Number(ws, "B2", "Earned payout")));   // 10 × 3 Biotin orders; 500 × 2 × 0.4
        Assert.Equal(27.69m, Workbook.Number(ws, "A1", "Declared payout"));                     // 120 × 300 / 1,300
        Assert.Null(Workbook.Value(ws, "A1", "Declared orders"));                               // a whole-contract figure
        Assert.Equal(["HKVitals", "Total"], Brands(book.ByBrand));
        Assert.Contains("HKVitals (the viewer's brands)", book.AllText);
    }

    static IReadOnlyList<string> Brands(ExcelWorksheet ws) => Enumerable.Range(2, ws.Dimension.End.Row - 1).Select(r => ws.Cells[r, 1].Text).ToList();

    [Fact]
    public async Task The_assumptions_sheet_names_the_view_and_who_made_it()
    {
        using var book = await DownloadAsync(await app.AdminAsync(), "/Payouts?handler=Excel&from=2025-06-02&to=2025-06-03&cost=declared&brand=MuscleBlaze");
        var ws = book.Assumptions;
        string Line(string key) => ws.Cells[Workbook.RowOf(ws, key), 2].Text;

        Assert.Equal($"payout-sheet_2025-06-02_to_2025-06-03_generated_{Today}.xlsx", book.FileName);
        Assert.Equal("from 2025-06-02 to 2025-06-03 · brand: MuscleBlaze", Line("Filters"));
        Assert.Equal(AppFactory.AdminEmail, Line("Generated by"));
        Assert.StartsWith("0.3 (30%)", Line("Lift"));
        Assert.StartsWith("declared", Line("Cost basis (By brand)"));
        Assert.Matches("^[0-9]+ \\(snapshots of ", Line("Data version"));
        Assert.Contains("revenue share", Line("Allocation rule"));
        Assert.Equal(Today, Line("Generated at (UTC)")[..10]);
        Assert.Equal("Allocated payout (declared)", book.ByBrand.Cells[1, 3].Text);
    }

    [Fact]
    public async Task A_bad_filter_is_refused_with_the_reason()
    {
        var response = await (await app.AdminAsync()).GetAsync("/Payouts?handler=Excel&cost=paid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("cost must be 'earned' or 'declared'", await response.Content.ReadAsStringAsync());
    }
}

/// <summary>The workbook writer on rows no upload would let through the page tests: captions that look like formulas.</summary>
public class PayoutWorkbookWriterTests
{
    static PayoutWorkbookContent Content(params string[] names)
    {
        var rows = names.Select((name, i) => new PayoutRow(i + 1, name, name, PayoutBasis.Order, 10m, 3, 2, 0, 20m, 20m, true)).ToList();
        var kpis = new OverviewKpis(100m, 2, 2, 20m, CostBasis.Earned, 0.3m, 0, 0, 0);
        return new PayoutWorkbookContent(new ReportView(BrandScope.All, new KpiFilters { Brand = ["=HYPERLINK(\"x\")"] }, CostBasis.Earned, 0.3m),
            new PayoutSheet(rows, true), new Dictionary<int, PayoutStatus>(), new PayoutsByBrand([new BrandPayout("@brand", kpis)], kpis, 7, null, null, null),
            [], DateTimeOffset.UnixEpoch, "-admin@example.com", CampaignTracker.Web.Alerts.FlagSet.None);
    }

    [Fact]
    public void Text_that_looks_like_a_formula_arrives_as_text()
    {
        string[] names = ["=1+1", "@SUM(A1)", "+1", "-2", "\tx", "\rx", "plain"];
        using var output = new MemoryStream();
        PayoutWorkbook.Write(Content(names), output);
        using var package = new ExcelPackage(new MemoryStream(output.ToArray()));
        var ws = package.Workbook.Worksheets["Payouts"];

        for (var i = 0; i < names.Length; i++)
        {
            var cell = ws.Cells[i + 2, 2];
            Assert.Equal(names[i].Replace('\r', '\n'), cell.Value);   // XML keeps a carriage return as a line feed
            Assert.Equal("", cell.Formula);
            Assert.Equal(names[i] != "plain", cell.Style.QuotePrefix);
        }
        var byBrand = package.Workbook.Worksheets["By brand"];
        Assert.True(byBrand.Cells[2, 1].Style.QuotePrefix);                                    // "@brand"
        var assumptions = package.Workbook.Worksheets["Assumptions"];
        var by = Enumerable.Range(2, assumptions.Dimension.End.Row - 1).Single(r => assumptions.Cells[r, 1].Text == "Generated by");
        Assert.True(assumptions.Cells[by, 2].Style.QuotePrefix);                                // "-admin@example.com"
        Assert.All(assumptions.Cells[assumptions.Dimension.Address], c => Assert.Equal("", c.Formula));
    }

    [Fact]
    public void An_empty_view_says_so_instead_of_writing_totals_over_nothing()
    {
        using var output = new MemoryStream();
        PayoutWorkbook.Write(Content(), output);
        using var package = new ExcelPackage(new MemoryStream(output.ToArray()));
        var ws = package.Workbook.Worksheets["Payouts"];

        Assert.Equal("No payouts in this view.", ws.Cells[2, 1].Text);
        Assert.Empty(ws.ConditionalFormatting);
        Assert.Equal("", ws.Cells[3, 8].Formula);
    }
}
