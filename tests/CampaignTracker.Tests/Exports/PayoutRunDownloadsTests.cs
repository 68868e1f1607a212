using System.Net;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Payouts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Exports;

/// <summary>
/// Issue 15, Downloads: a run's workbook, bank-transfer CSV and per-influencer statement, with the hand-made data's June run
/// (PayoutRunTests): A1 10 × 5 orders = 50 earned, 120 declared; B2 500 × 2 posts = 1,000 earned, 500 declared.
/// </summary>
[Collection(AppCollection.Name)]
public class PayoutRunDownloadsTests : IAsyncLifetime
{
    const string Finance = "finance-dl@test.local";
    static readonly DateOnly June1 = new(2025, 6, 1), June30 = new(2025, 6, 30);

    readonly HandMadeApp app = new();   // its own data per test: runs of one test would overlap another's

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    async Task<int> JuneRunAsync()
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var admin = await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>()
            .CreateAsync((await users.FindByEmailAsync(AppFactory.AdminEmail))!);
        var outcome = await scope.ServiceProvider.GetRequiredService<PayoutRunTransitions>().CreateAsync(admin, June1, June30, null, CancellationToken.None);
        Assert.True(outcome.Done, outcome.Message);
        return outcome.RunId!.Value;
    }

    /// <summary>Stored directly: the transitions are PayoutRunTests' subject, not what a download shows.</summary>
    async Task ChangeAsync(int id, Action<PayoutRun, Dictionary<string, PayoutRunLine>> change)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var names = await db.Influencers.ToDictionaryAsync(i => i.Id, i => i.ExternalId);
        var run = await db.PayoutRuns.Include(r => r.Lines).SingleAsync(r => r.Id == id);
        change(run, run.Lines.ToDictionary(l => names[l.InfluencerId]));
        await db.SaveChangesAsync();
    }

    async Task MarkPaidAsync(int id) => await ChangeAsync(id, (run, _) =>
    {
        run.State = PayoutRunState.Paid;
        (run.SubmittedBy, run.SubmittedAt) = (AppFactory.AdminEmail, new DateTime(2025, 7, 1, 9, 0, 0, DateTimeKind.Utc));
        (run.ApprovedBy, run.ApprovedAt) = (Finance, new DateTime(2025, 7, 1, 10, 0, 0, DateTimeKind.Utc));
        (run.PaidBy, run.PaidAt) = (Finance, new DateTime(2025, 7, 2, 11, 30, 0, DateTimeKind.Utc));
        (run.PaymentReference, run.PaymentDate) = ("UTR-2025-07-02", new DateOnly(2025, 7, 2));
    });

    async Task RenameAsync(string externalId, string name)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        (await db.Influencers.SingleAsync(i => i.ExternalId == externalId)).Name = name;
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task The_run_workbook_has_lines_with_live_formulas_and_a_summary_of_who_did_what_when()
    {
        var id = await JuneRunAsync();
        await MarkPaidAsync(id);
        await RenameAsync("B2", "=HYPERLINK(\"http://x.example\")");

        using var book = await PayoutWorkbookTests.DownloadAsync(await app.AdminAsync(), $"/Payouts/Runs/Details?id={id}&handler=Excel");
        var ws = book.Package.Workbook.Worksheets["Lines"];
        var summary = book.Package.Workbook.Worksheets["Summary"];

        Assert.Equal($"payout-run-{id}_2025-06-01_to_2025-06-30.xlsx", book.FileName);
        Assert.Equal(["Lines", "Summary"], book.Package.Workbook.Worksheets.Select(w => w.Name));
        Assert.Equal(["Influencer ID", "Name", "Basis", "Rate", "Orders", "Posts", "Earned", "Declared", "Difference", "Amount to pay",
            "Override reason", "Ticked", "Payment reference", "Payment date"], Enumerable.Range(1, 14).Select(c => ws.Cells[1, c].Text));
        var a1 = PayoutWorkbookTests.Workbook.RowOf(ws, "A1");
        Assert.Equal($"H{a1}-G{a1}", ws.Cells[a1, PayoutWorkbookTests.Workbook.Column(ws, "Difference")].Formula);   // declared − earned, live
        static (decimal, decimal, decimal, decimal) Figures(OfficeOpenXml.ExcelWorksheet ws, string first) =>
            (PayoutWorkbookTests.Workbook.Number(ws, first, "Earned"), PayoutWorkbookTests.Workbook.Number(ws, first, "Declared"),
             PayoutWorkbookTests.Workbook.Number(ws, first, "Difference"), PayoutWorkbookTests.Workbook.Number(ws, first, "Amount to pay"));
        Assert.Equal((50m, 120m, 70m, 50m), Figures(ws, "A1"));          // 10 × 5 orders
        Assert.Equal((1_000m, 500m, -500m, 1_000m), Figures(ws, "B2"));  // 500 × 2 posts
        Assert.Equal((5m, 2m), (PayoutWorkbookTests.Workbook.Number(ws, "A1", "Orders"), PayoutWorkbookTests.Workbook.Number(ws, "B2", "Posts")));

        var totals = PayoutWorkbookTests.Workbook.RowOf(ws, "Total (visible rows)");
        Assert.Equal(4, totals);
        Assert.Equal("SUBTOTAL(109,G2:G3)", ws.Cells[totals, 7].Formula);
        Assert.Equal((1_050m, 620m, -430m, 1_050m), Figures(ws, "Total (visible rows)"));
        Assert.NotNull(ws.AutoFilterAddress);
        Assert.Contains("₹", ws.Cells[a1, 7].Style.Numberformat.Format);

        // A name that looks like a formula stays text.
        var name = ws.Cells[PayoutWorkbookTests.Workbook.RowOf(ws, "B2"), 2];
        Assert.Equal(("=HYPERLINK(\"http://x.example\")", "", true), (name.Text, name.Formula, name.Style.QuotePrefix));

        string Fact(string item) => summary.Cells[PayoutWorkbookTests.Workbook.RowOf(summary, item), 2].Text;
        Assert.Equal(($"#{id}", "2025-06-01 to 2025-06-30", "All brands", "Paid"), (Fact("Run"), Fact("Period"), Fact("Brand"), Fact("State")));
        Assert.Equal((AppFactory.AdminEmail, Finance, Finance), (Fact("Prepared by"), Fact("Approved by"), Fact("Paid by")));
        Assert.Equal(("2025-07-01 10:00:00 UTC", "2025-07-02 11:30:00 UTC"), (Fact("Approved at"), Fact("Paid at")));
        Assert.Equal(("UTR-2025-07-02", "2025-07-02"), (Fact("Payment reference"), Fact("Payment date")));
        Assert.Equal("SUM(Lines!G2:G3)", summary.Cells[PayoutWorkbookTests.Workbook.RowOf(summary, "Total earned"), 2].Formula);
        Assert.Equal((1_050m, 620m, 1_050m), (PayoutWorkbookTests.Workbook.Number(summary, "Total earned", "Value"),
            PayoutWorkbookTests.Workbook.Number(summary, "Total declared", "Value"), PayoutWorkbookTests.Workbook.Number(summary, "Total amount to pay", "Value")));
    }

    [Fact]
    public async Task The_bank_csv_has_one_transfer_per_line_to_pay_with_its_reference_and_a_formula_looking_name_as_text()
    {
        var id = await JuneRunAsync();
        await RenameAsync("B2", "=1+1");
        var admin = await app.AdminAsync();

        var draft = await CsvExportTests.DownloadAsync(admin, $"/Payouts/Runs/Details?id={id}&handler=BankCsv");
        Assert.Equal(["A1", "B2"], draft.Rows.Select(r => r["influencer_id"]).Order());
        Assert.All(draft.Rows, r => Assert.Equal($"RUN-{id}", r["reference"]));   // not paid: the run's number
        var b2 = draft.Rows.Single(r => r["influencer_id"] == "B2");
        Assert.Equal("1000.00", b2["amount"]);
        Assert.EndsWith("=1+1", b2["name"]);
        Assert.False(b2["name"].StartsWith('='), $"'{b2["name"]}' would run as a formula");

        await MarkPaidAsync(id);
        await ChangeAsync(id, (_, lines) =>
        {
            (lines["B2"].PaymentReference, lines["B2"].PaymentDate) = ("NEFT-B2", new DateOnly(2025, 7, 3));
            (lines["A1"].Amount, lines["A1"].OverrideReason) = (0m, "paid elsewhere");
        });
        var paid = await CsvExportTests.DownloadAsync(admin, $"/Payouts/Runs/Details?id={id}&handler=BankCsv");
        var row = Assert.Single(paid.Rows);   // A1 has nothing to pay
        Assert.Equal(("B2", "1000.00", "NEFT-B2"), (row["influencer_id"], row["amount"], row["reference"]));   // the line's own reference first
        await ChangeAsync(id, (_, lines) => lines["A1"].Amount = 50m);
        Assert.Equal("UTR-2025-07-02", (await CsvExportTests.DownloadAsync(admin, $"/Payouts/Runs/Details?id={id}&handler=BankCsv")).Rows
            .Single(r => r["influencer_id"] == "A1")["reference"]);   // else the run's
    }

    [Fact]
    public async Task A_statement_pdf_shows_what_one_influencer_earned_and_how_in_the_run()
    {
        var id = await JuneRunAsync();
        var admin = await app.AdminAsync();

        var pdf = await PdfReportTests.DownloadAsync(admin, $"/Payouts/Runs/Details?id={id}&handler=Statement&influencer=A1", "statement.pdf");

        Assert.Equal($"payout-run-{id}_statement_A1.pdf", pdf.FileName);
        Assert.Contains($"Payout run #{id} · Draft", pdf.Text);
        Assert.Contains("Period: 2025-06-01 to 2025-06-30 · Brand: all brands", pdf.Text);
        Assert.Contains("Influencer: Asha Rao (A1)", pdf.Text);
        Assert.Contains("Earned ₹10.00 × 5 orders ₹50.00", pdf.Text);
        Assert.Contains("Declared total_payout of the payouts file ₹120.00", pdf.Text);
        Assert.Contains("Difference declared − earned ₹70.00", pdf.Text);
        Assert.Contains("Amount to pay earned ₹50.00", pdf.Text);
        Assert.Contains("Not paid yet", pdf.Text);
        Assert.DoesNotContain("Bala", pdf.Text);

        await MarkPaidAsync(id);
        var b2 = await PdfReportTests.DownloadAsync(admin, $"/Payouts/Runs/Details?id={id}&handler=Statement&influencer=B2");
        Assert.Contains($"Payout run #{id} · Paid", b2.Text);
        Assert.Contains("Earned ₹500.00 × 2 posts ₹1,000.00", b2.Text);
        Assert.Contains("Paid: reference UTR-2025-07-02 on 2025-07-02", b2.Text);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/Payouts/Runs/Details?id={id}&handler=Statement&influencer=C3")).StatusCode);   // no line
    }

    [Fact]
    public async Task A_brand_manager_downloads_nothing_from_runs_not_of_their_brands_and_finance_downloads_any()
    {
        int[] runs;
        using (var scope = app.Services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            var brands = await db.Brands.ToDictionaryAsync(b => b.Name, b => b.Id);
            var a1 = await db.Influencers.Where(i => i.ExternalId == "A1").Select(i => i.Id).SingleAsync();
            var made = new[] { brands["MuscleBlaze"], brands["HKVitals"], (int?)null }.Select(brand => new PayoutRun
            {
                From = June1, To = June30, BrandId = brand, PreparedBy = AppFactory.AdminEmail, Version = 1,
                Lines = [new PayoutRunLine { InfluencerId = a1, Basis = PayoutBasis.Order, Rate = 10m, Orders = 1, Earned = 10m, Amount = 10m }],
            }).ToList();
            db.PayoutRuns.AddRange(made);
            await db.SaveChangesAsync();
            runs = made.Select(r => r.Id).ToArray();
        }
        var muscleBlaze = await app.BrandManagerAsync("dl-mb@test.local", "MuscleBlaze");
        var finance = await app.FinanceAsync(Finance);
        string[] Downloads(int id) => [$"/Payouts/Runs/Details?id={id}&handler=Excel", $"/Payouts/Runs/Details?id={id}&handler=BankCsv",
            $"/Payouts/Runs/Details?id={id}&handler=Statement&influencer=A1"];

        foreach (var url in Downloads(runs[0]))
            Assert.Equal(HttpStatusCode.OK, (await muscleBlaze.GetAsync(url)).StatusCode);
        foreach (var url in Downloads(runs[1]).Concat(Downloads(runs[2])))   // HKVitals; no brand
            Assert.Equal(HttpStatusCode.NotFound, (await muscleBlaze.GetAsync(url)).StatusCode);
        foreach (var url in runs.SelectMany(Downloads))
            Assert.Equal(HttpStatusCode.OK, (await finance.GetAsync(url)).StatusCode);
        var page = await muscleBlaze.GetStringAsync($"/Payouts/Runs/Details?id={runs[0]}");
        Assert.Contains("handler=Statement", page);
        Assert.Contains("influencer=A1", page);
    }
}
