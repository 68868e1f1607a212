using System.Globalization;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Pages;
using CampaignTracker.Web.Payouts;
using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace CampaignTracker.Web.Exports;

/// <summary>
/// A payout run's workbook (issue 15, Downloads): "Lines" as frozen at creation (difference and totals as live formulas,
/// SUBTOTAL so an autofilter keeps them right) and "Summary" (who did what when, totals referring to the Lines sheet).
/// The columns, formats and widths are PayoutWorkbook's.
/// </summary>
public static class PayoutRunWorkbook
{
    public const string Date = "yyyy-mm-dd";

    public static string FileName(PayoutRun run) => FileNames.Safe($"payout-run-{run.Id}_{run.From:yyyy-MM-dd}_to_{run.To:yyyy-MM-dd}.xlsx");

    public static void Write(PayoutRunDetail detail, Stream output)
    {
        using var package = new ExcelPackage();
        var lines = Lines(package.Workbook.Worksheets.Add("Lines"), detail);
        Summary(package.Workbook.Worksheets.Add("Summary"), detail, lines);
        package.Workbook.Properties.Title = $"CampaignTracker payout run #{detail.Run.Id}";
        package.SaveAs(output);
    }

    /// <summary>Where the Summary's totals read from: the Lines sheet's columns and its last line's row (1: no lines).</summary>
    sealed record LinesLayout(int Earned, int Declared, int Amount, int Last);

    static LinesLayout Lines(ExcelWorksheet ws, PayoutRunDetail detail)
    {
        var columns = new PayoutWorkbook.Columns(ws);
        var id = columns.Add("Influencer ID");
        var name = columns.Add("Name");
        var basis = columns.Add("Basis");
        var rate = columns.Add("Rate", PayoutWorkbook.Rate);
        var orders = columns.Add("Orders", PayoutWorkbook.Count);
        var posts = columns.Add("Posts", PayoutWorkbook.Count);
        var earned = columns.Add("Earned", PayoutWorkbook.Rupees);
        var declared = columns.Add("Declared", PayoutWorkbook.Rupees);
        var difference = columns.Add("Difference", PayoutWorkbook.Rupees);
        var amount = columns.Add("Amount to pay", PayoutWorkbook.Rupees);
        var reason = columns.Add("Override reason");
        var ticked = columns.Add("Ticked");
        var reference = columns.Add("Payment reference");
        var date = columns.Add("Payment date", Date);
        columns.WriteHeader();

        string Cell(int column, int row) => ExcelCellBase.GetAddress(row, column);
        var row = 1;
        foreach (var r in detail.Lines)
        {
            var l = r.Line;
            row++;
            columns.Text(row, id, r.InfluencerId);
            columns.Text(row, name, r.Name);
            columns.Text(row, basis, l.Basis.ToString().ToLowerInvariant());
            columns.Number(row, rate, l.Rate);
            columns.Number(row, orders, l.Orders);
            columns.Number(row, posts, l.Posts);
            columns.Number(row, earned, l.Earned);
            columns.Number(row, declared, l.Declared);
            // Only where a declared amount exists: a blank declared is no claim, not a claim of ₹0.
            if (l.Declared is not null)
            {
                ws.Cells[row, difference].Formula = $"{Cell(declared, row)}-{Cell(earned, row)}";
                columns.Measure(difference, l.Difference ?? 0);
            }
            columns.Number(row, amount, l.Amount);
            if (l.OverrideReason is { } why) columns.Text(row, reason, why);
            columns.Text(row, ticked, l.Ticked ? "yes" : "no");
            if (l.PaymentReference is { } lineReference) columns.Text(row, reference, lineReference);
            if (l.PaymentDate is { } on)
            {
                ws.Cells[row, date].Value = on.ToDateTime(TimeOnly.MinValue);
                columns.Measure(date, "yyyy-mm-dd");
            }
        }
        var last = row;
        if (last == 1) ws.Cells[2, id].Value = "No lines in this run.";
        else
        {
            columns.FilterAndTotal(last, id, orders, posts, earned, declared, difference, amount);
            columns.Measure(earned, detail.Earned);
            columns.Measure(amount, detail.Amount);
        }
        columns.Format(last + 1);
        ws.View.FreezePanes(2, name + 1);
        return new LinesLayout(earned, declared, amount, last);
    }

    static void Summary(ExcelWorksheet ws, PayoutRunDetail detail, LinesLayout lines)
    {
        var run = detail.Run;
        static string At(DateTime? at) => at is { } t ? t.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "";
        var facts = new (string, string?)[]
        {
            ("Run", $"#{run.Id}"),
            ("Period", $"{run.From:yyyy-MM-dd} to {run.To:yyyy-MM-dd}"),
            ("Brand", detail.Brand ?? "All brands"),
            ("State", run.State.ToString()),
            ("Prepared by", run.PreparedBy), ("Prepared at", At(run.PreparedAt)),
            ("Submitted by", run.SubmittedBy), ("Submitted at", At(run.SubmittedAt)), ("Submit note", run.SubmitNote),
            ("Approved by", run.ApprovedBy), ("Approved at", At(run.ApprovedAt)), ("Approval note", run.ApproveNote),
            ("Paid by", run.PaidBy), ("Paid at", At(run.PaidAt)), ("Payment note", run.PaidNote),
            ("Payment reference", run.PaymentReference ?? (run.State == PayoutRunState.Paid ? "line by line (Lines sheet)" : null)),
            ("Payment date", run.PaymentDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("Cancelled by", run.CancelledBy), ("Cancelled at", At(run.CancelledAt)), ("Cancel reason", run.CancelReason),
        };
        var columns = new PayoutWorkbook.Columns(ws);
        var key = columns.Add("Item");
        var value = columns.Add("Value");
        columns.WriteHeader();
        var row = 1;
        foreach (var (k, v) in facts)
        {
            row++;
            columns.Text(row, key, k);
            if (!string.IsNullOrEmpty(v)) columns.Text(row, value, v);
        }
        foreach (var (label, column, total) in new[] { ("Total earned", lines.Earned, detail.Earned),
                     ("Total declared", lines.Declared, detail.Lines.Sum(l => l.Line.Declared ?? 0)), ("Total amount to pay", lines.Amount, detail.Amount) })
        {
            row++;
            columns.Text(row, key, label);
            var cell = ws.Cells[row, value];
            // The whole run, whatever the Lines sheet's filter shows.
            if (lines.Last > 1) cell.Formula = $"SUM(Lines!{ExcelCellBase.GetAddress(2, column)}:{ExcelCellBase.GetAddress(lines.Last, column)})";
            else cell.Value = 0m;
            cell.Style.Numberformat.Format = PayoutWorkbook.Rupees;
            columns.Measure(value, total);
        }
        columns.Format(1, maxWidth: 80);
    }
}

/// <summary>One bank transfer of a run: an influencer with an amount above zero, under the payment's reference.</summary>
public sealed record BankTransferRow(string InfluencerId, string Name, decimal Amount, string Reference)
{
    /// <remarks>The amount with two decimals, as a bank's upload expects rupees and paise (not the stored scale).</remarks>
    public static readonly IReadOnlyList<CsvColumn<BankTransferRow>> Columns =
    [
        CsvColumn<BankTransferRow>.Text("influencer_id", r => r.InfluencerId), CsvColumn<BankTransferRow>.Text("name", r => r.Name),
        new("amount", (csv, r) => csv.WriteField(r.Amount, "0.00")), CsvColumn<BankTransferRow>.Text("reference", r => r.Reference),
    ];

    public static string FileName(PayoutRun run) => $"payout-run-{run.Id}_bank.csv";

    /// <summary>Issue 15: the line's payment reference, else the run's, else "RUN-N" (a run not yet paid).</summary>
    public static IReadOnlyList<BankTransferRow> Of(PayoutRunDetail detail) => detail.Lines
        .Where(l => l.Line.Amount > 0)
        .Select(l => new BankTransferRow(l.InfluencerId, l.Name, l.Line.Amount, l.Line.PaymentReference ?? detail.Run.PaymentReference ?? $"RUN-{detail.Run.Id}"))
        .ToList();
}

/// <summary>One influencer's statement of a run (issue 15): what was earned, how, for which period, and what is paid.</summary>
public static class PayoutStatement
{
    public static string FileName(PayoutRun run, PayoutRunLineRow line) => FileNames.Safe($"payout-run-{run.Id}_statement_{line.InfluencerId}.pdf");

    public static byte[] Render(PayoutRunDetail detail, PayoutRunLineRow row, DateTimeOffset generatedAt, string generatedBy)
    {
        var run = detail.Run;
        var l = row.Line;
        using var document = new PdfSharp.Pdf.PdfDocument();
        document.Info.Title = $"CampaignTracker payout statement, run #{run.Id}, {row.InfluencerId}";
        document.Info.Author = generatedBy;
        var flow = new PdfFlow(document);

        flow.Title("CampaignTracker · payout statement");
        flow.Line($"Payout run #{run.Id} · {run.State}", bold: true);
        flow.Line($"Period: {run.From:yyyy-MM-dd} to {run.To:yyyy-MM-dd} · Brand: {detail.Brand ?? "all brands"}");
        flow.Line($"Influencer: {row.Name} ({row.InfluencerId})");
        flow.Gap(6);

        var (count, unit) = l.Basis == PayoutBasis.Order ? (l.Orders, "orders") : (l.Posts, "posts");
        flow.Table("What was earned", "", [new("Item", 150), new("How", 215), new("Amount", 150, true)],
        [
            ["Basis", $"{l.Basis.ToString().ToLowerInvariant()} (paid per {unit[..^1]})", ""],
            ["Earned", $"{Display.Rupees(l.Rate)} × {Display.Count(count)} {unit}" + (EarnedIsShared(l, count) ? " (post costs shared by the brand's revenue)" : ""),
                Display.Rupees(l.Earned)],
            ["Declared", "total_payout of the payouts file", Display.Rupees2(l.Declared)],
            ["Difference", "declared − earned", Display.Rupees2(l.Difference)],
            ["Amount to pay", l.OverrideReason is { } why ? "overridden: " + why : "earned", Display.Rupees(l.Amount)],
        ]);
        if (l.Basis == PayoutBasis.Order && l.Posts > 0) flow.Note($"{Display.Count(l.Posts)} posts in the period (not paid per post).");
        if (l.Basis == PayoutBasis.Post && l.Orders > 0) flow.Note($"{Display.Count(l.Orders)} orders in the period (not paid per order).");

        flow.Section("Payment", 30);
        if (run.State == PayoutRunState.Paid && (l.PaymentReference ?? run.PaymentReference) is { } reference)
            flow.Line($"Paid: reference {reference} on {(l.PaymentDate ?? run.PaymentDate)?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        else flow.Line(run.State switch
        {
            PayoutRunState.Cancelled => "This run was cancelled: nothing is paid through it.",
            PayoutRunState.Approved => "Approved, not paid yet.",
            _ => "Not paid yet: the run awaits approval.",
        });
        flow.NumberPages($"CampaignTracker · payout run #{run.Id} · generated {generatedAt:yyyy-MM-dd HH:mm} UTC by {generatedBy}");

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    /// <summary>A brand run shares post costs by revenue: earned is then less than rate × posts.</summary>
    static bool EarnedIsShared(PayoutRunLine l, long count) => decimal.Round(l.Rate * count, 2) != l.Earned;
}
