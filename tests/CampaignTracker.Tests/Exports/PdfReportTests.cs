using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Exports;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace CampaignTracker.Tests.Exports;

/// <summary>Issue 5: the PDF report is the view on screen (filters, cost basis, lift, the viewer's brands), read back with PdfPig.</summary>
[Collection(AppCollection.Name)]
public class PdfReportTests(HandMadeApp app) : IClassFixture<HandMadeApp>
{
    /// <param name="Pages">Each page's text in drawing order (a card's label, then its value), single-spaced.</param>
    public sealed record Pdf(string? FileName, IReadOnlyList<string> Pages)
    {
        public string Text => string.Join(" ", Pages);
    }

    public static async Task<Pdf> DownloadAsync(HttpClient client, string url, string? sampleName = null)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        // PDF_SAMPLE_DIR: keep the files to look at (pdftoppm -png renders a page).
        if (sampleName is not null && Environment.GetEnvironmentVariable("PDF_SAMPLE_DIR") is { Length: > 0 } dir)
            await File.WriteAllBytesAsync(Path.Combine(dir, sampleName), bytes);
        using var document = UglyToad.PdfPig.PdfDocument.Open(bytes);
        var pages = document.GetPages()
            .Select(p => string.Join(" ", ContentOrderTextExtractor.GetText(p).Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries)))
            .ToList();
        return new Pdf(response.Content.Headers.ContentDisposition?.FileName, pages);
    }

    static string Rupees(JsonElement json, string name) => "₹" + json.GetProperty(name).GetDecimal().ToString("N2", CultureInfo.InvariantCulture);

    [Fact]
    public async Task Overview_pdf_shows_the_kpis_of_the_view_on_numbered_pages()
    {
        var client = await app.AdminAsync();
        var pdf = await DownloadAsync(client, "/?handler=Pdf", "overview.pdf");
        var kpis = await client.GetFromJsonAsync<JsonElement>("/api/kpis");

        Assert.Equal(2, pdf.Pages.Count);
        Assert.Contains("page 1 of 2", pdf.Pages[0]);
        Assert.Contains("page 2 of 2", pdf.Pages[1]);
        Assert.Contains("Filters: none (all data you may see)", pdf.Pages[0]);
        Assert.Contains("Revenue ₹2,300.00", pdf.Pages[0]);   // 1,000 + 300 + 600 + 400
        Assert.Equal("₹2,300.00", Rupees(kpis, "revenue"));
        Assert.Contains("Payout " + Rupees(kpis, "payout"), pdf.Pages[0]);
        Assert.Contains("Incremental revenue " + Rupees(kpis, "incrementalRevenue"), pdf.Pages[0]);
        Assert.Contains("iROAS 0.51", pdf.Pages[0]);         // 530.77 / 1,050
        Assert.Contains("Cost basis: earned (order-basis", pdf.Pages[0]);
        Assert.Contains("Lift: 30% (the setting)", pdf.Pages[0]);
        Assert.Contains("generated", pdf.Pages[0]);
        Assert.Contains("by " + AppFactory.AdminEmail, pdf.Pages[0]);
    }

    [Fact]
    public async Task A_filtered_pdf_names_its_filters_period_and_changes_and_its_file_says_when()
    {
        var client = await app.AdminAsync();
        const string query = "?from=2025-06-02&to=2025-06-03&brand=HKVitals&cost=declared";
        var pdf = await DownloadAsync(client, "/" + query + "&handler=Pdf");
        var kpis = await client.GetFromJsonAsync<JsonElement>("/api/kpis" + query);

        Assert.Contains("Filters: from 2025-06-02 to 2025-06-03 · brand: HKVitals", pdf.Text);
        Assert.Contains("Cost basis: declared (total_payout", pdf.Text);
        Assert.Contains("Revenue " + Rupees(kpis, "revenue"), pdf.Text);   // ₹700.00: Biotin on the 2nd and 3rd
        Assert.Contains("Payout " + Rupees(kpis, "payout"), pdf.Text);
        Assert.Contains("vs the previous 2 days", pdf.Text);
        Assert.Matches(@"^overview-report_2025-06-02_to_2025-06-03_generated_\d{4}-\d{2}-\d{2}\.pdf$", pdf.FileName);

        var weeks = await DownloadAsync(client, "/?handler=Pdf&interval=week");
        Assert.Contains("Revenue vs payout per week", weeks.Text);
        Assert.Contains("2025-05-26", weeks.Text);   // the Monday of Sunday 2025-06-01
    }

    [Fact]
    public async Task Undefined_ratios_read_as_a_dash()
    {
        var client = await app.AdminAsync();
        var pdf = await DownloadAsync(client, "/?handler=Pdf&category=Parenting");   // Chitra: posts, no sales, no contract
        var kpis = await client.GetFromJsonAsync<JsonElement>("/api/kpis?category=Parenting");

        Assert.Equal(JsonValueKind.Null, kpis.GetProperty("roas").ValueKind);
        Assert.Contains("ROAS —", pdf.Text);
        Assert.Contains("iROAS —", pdf.Text);
    }

    [Fact]
    public async Task A_brand_managers_pdf_holds_only_their_brands()
    {
        var client = await app.BrandManagerAsync("hk-pdf@test.local", "HKVitals");
        var pdf = await DownloadAsync(client, "/?handler=Pdf", "brand-manager.pdf");

        Assert.Contains("Brands: HKVitals (your brands)", pdf.Text);
        Assert.Contains("Revenue ₹700.00", pdf.Text);
        Assert.DoesNotContain("MuscleBlaze", pdf.Text);
        Assert.DoesNotContain("₹1,600.00", pdf.Text);   // MuscleBlaze's revenue
        Assert.DoesNotContain("₹2,300.00", pdf.Text);   // everyone's
    }

    [Fact]
    public async Task Insights_pdf_has_the_lists_and_the_what_if_lift()
    {
        var client = await app.AdminAsync();
        var pdf = await DownloadAsync(client, "/Insights?handler=Pdf", "insights.pdf");

        Assert.StartsWith("insights-report_start_to_end_generated_", pdf.FileName);
        Assert.Contains("Top influencers by revenue", pdf.Text);
        Assert.Contains("Bala Iyer YouTube ₹1,000.00", pdf.Text);      // top by revenue: 600 + 400
        Assert.Contains("Poor ROI influencers", pdf.Text);
        Assert.Contains("Bala Iyer ₹1,000.00 ₹1,000.00 0.23 ₹769.23", pdf.Text);   // 1,000 − 1,000 / 1.3 = 230.77 incremental for 1,000 payout

        var whatIf = await DownloadAsync(client, "/Insights?handler=Pdf&lift=84");
        Assert.Contains("Lift: 84% (what-if; the setting is 30%)", whatIf.Text);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/Insights?handler=Pdf&lift=-1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/?handler=Pdf&cost=free")).StatusCode);
    }
}

public class PdfFontsTests
{
    [Fact]
    public void Missing_fonts_are_named_with_the_package_and_the_setting()
    {
        var fonts = new PdfFonts("/nowhere/fonts");

        var error = Assert.Throws<InvalidOperationException>(fonts.EnsureInstalled);
        Assert.Contains("/nowhere/fonts/DejaVuSans.ttf", error.Message);
        Assert.Contains("fonts-dejavu-core", error.Message);
        Assert.Contains("Pdf:FontFolder", error.Message);
    }

    [Fact]
    public void The_default_folder_has_the_fonts() => Assert.Null(new PdfFonts(PdfFonts.DefaultFolder).Problem());
}

/// <summary>The seed's real data: a year of days in the chart, ten campaigns, hundreds of influencers.</summary>
[Collection(AppCollection.Name)]
public class SeedPdfReportTests(SeedApp app) : IClassFixture<SeedApp>
{
    [Fact]
    public async Task The_seed_report_shows_the_design_figures_under_both_cost_bases()
    {
        var client = await app.AdminAsync();

        var earned = await PdfReportTests.DownloadAsync(client, "/?handler=Pdf", "seed-overview.pdf");
        Assert.Contains("Revenue ₹3,882,437.34", earned.Pages[0]);   // DESIGN.md, Payout
        Assert.Contains("Payout ₹1,146,677.02", earned.Pages[0]);
        Assert.Contains($"page {earned.Pages.Count} of {earned.Pages.Count}", earned.Pages[^1]);

        var declared = await PdfReportTests.DownloadAsync(client, "/Insights?handler=Pdf&cost=declared", "seed-insights-declared.pdf");
        Assert.Contains("Payout ₹351,303.22", declared.Pages[0]);
        Assert.Contains("iROAS 2.55", declared.Pages[0]);
    }
}
