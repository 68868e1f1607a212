using System.Drawing;
using System.Globalization;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;
using OfficeOpenXml;
using OfficeOpenXml.Style;

namespace CampaignTracker.Web.Exports;

/// <summary>What the payout workbook holds: one viewer's payout sheet and its brands, and who asked when.</summary>
public sealed record PayoutWorkbookContent(
    ReportView View, PayoutSheet Sheet, IReadOnlyDictionary<int, PayoutStatus> Statuses, PayoutsByBrand ByBrand,
    IReadOnlyList<string> VisibleBrands, DateTimeOffset GeneratedAt, string GeneratedBy, Alerts.FlagSet Flags);

/// <summary>
/// `/Payouts?handler=Excel` (issue 5), the sheet finance signs off, with EPPlus 4.5.3.3 (the last LGPL release):
/// "Payouts" (earned payout and difference as live formulas, SUBTOTAL totals, the flag as conditional formatting),
/// "By brand" and "Assumptions". Column widths come from content length: AutoFit needs libgdiplus (TECH-NOTES).
/// </summary>
public static class PayoutWorkbook
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    public const string Rupees = "\"₹\"#,##0.00;-\"₹\"#,##0.00";
    public const string Rate = "\"₹\"#,##0.00##";
    public const string Count = "#,##0";
    public const string Share = "0.00%";
    public const string Ratio = "0.00";

    static readonly Color HeaderFill = Color.FromArgb(0xE9, 0xEC, 0xEF);
    static readonly Color FlagFill = Color.FromArgb(0xFF, 0xF3, 0xCD);

    public static void Write(PayoutWorkbookContent c, Stream output)
    {
        using var package = new ExcelPackage();
        Payouts(package.Workbook.Worksheets.Add("Payouts"), c);
        ByBrand(package.Workbook.Worksheets.Add("By brand"), c);
        Assumptions(package.Workbook.Worksheets.Add("Assumptions"), c);
        package.Workbook.Properties.Title = "CampaignTracker payout sheet";
        package.Workbook.Properties.Author = c.GeneratedBy;
        package.SaveAs(output);
    }

    /// <summary>Reconciliation.Flagged as a formula of row {0}'s difference and earned cells: above ₹1 and above 1% of earned.</summary>
    static string FlagRule(string difference, string earned) =>
        $"AND(ABS({difference})>{Reconciliation.ToleranceRupees.ToString(CultureInfo.InvariantCulture)},"
        + $"OR({earned}=0,ABS({difference})*100>{Reconciliation.TolerancePercent.ToString(CultureInfo.InvariantCulture)}*ABS({earned})))";

    static void Payouts(ExcelWorksheet ws, PayoutWorkbookContent c)
    {
        var sheet = c.Sheet;
        var columns = new Columns(ws);
        var id = columns.Add("Influencer ID");
        var name = columns.Add("Name");
        var basis = columns.Add("Basis");
        var rate = columns.Add("Rate", Rate);
        var declaredOrders = columns.Add("Declared orders", Count);
        var orders = columns.Add("Tracked orders", Count);
        var posts = columns.Add("Posts", Count);
        var share = sheet.Cut ? columns.Add("Post cost share", Share) : 0;
        var declared = columns.Add("Declared payout", Rupees);
        var earned = columns.Add("Earned payout", Rupees);
        var difference = columns.Add("Difference", Rupees);
        var flag = columns.Add("Flag");
        var status = columns.Add("Status");
        var flags = columns.Add("Alert flags");   // last: the columns and formulas before it keep their letters
        columns.WriteHeader();

        string Cell(int column, int row) => ExcelCellBase.GetAddress(row, column);
        var row = 1;
        foreach (var r in sheet.Rows)
        {
            row++;
            columns.Text(row, id, r.ExternalId);
            columns.Text(row, name, r.Name);
            columns.Text(row, basis, r.Basis.ToString().ToLowerInvariant());
            columns.Number(row, rate, r.Rate);
            if (r.DeclaredOrders is { } o) columns.Number(row, declaredOrders, o);
            columns.Number(row, orders, r.TrackedOrders);
            columns.Number(row, posts, r.Posts);
            if (share > 0) columns.Number(row, share, r.PostCostShare);
            columns.Number(row, declared, r.Declared);
            var postCost = $"{Cell(rate, row)}*{Cell(posts, row)}" + (share > 0 ? $"*{Cell(share, row)}" : "");
            ws.Cells[row, earned].Formula = $"ROUND(IF({Cell(basis, row)}=\"order\",{Cell(rate, row)}*{Cell(orders, row)},{postCost}),2)";
            ws.Cells[row, difference].Formula = $"{Cell(declared, row)}-{Cell(earned, row)}";
            ws.Cells[row, flag].Formula = $"IF({FlagRule(Cell(difference, row), Cell(earned, row))},\"check\",\"\")";
            columns.Text(row, status, (c.Statuses.TryGetValue(r.Id, out var s) ? s : PayoutStatus.Pending).ToString());
            if (c.Flags.IsFlagged(r.Id)) columns.Text(row, flags, c.Flags.Titles(r.Id));
            // What the cells compute, for the widths: the same figures the page shows.
            columns.Measure(earned, r.Earned);
            columns.Measure(difference, r.Reconciliation.Difference);
            columns.Measure(flag, "check");
        }
        var last = row;
        if (last == 1) ws.Cells[2, id].Value = "No payouts in this view.";
        else
        {
            columns.FilterAndTotal(last, id, orders, posts, declared, earned, difference);
            columns.Measure(declared, sheet.Declared);
            columns.Measure(earned, sheet.Earned);
            columns.Measure(difference, sheet.Difference);

            var flagged = ws.ConditionalFormatting.AddExpression(new ExcelAddress(2, 1, last, columns.Count));
            // Column fixed, row relative: each row tests its own cells.
            flagged.Formula = FlagRule(ExcelCellBase.GetAddress(2, false, difference, true), ExcelCellBase.GetAddress(2, false, earned, true));
            flagged.Style.Fill.PatternType = ExcelFillStyle.Solid;
            flagged.Style.Fill.BackgroundColor.Color = FlagFill;
        }
        columns.Format(last + 1);
        ws.View.FreezePanes(2, name + 1);
    }

    static void ByBrand(ExcelWorksheet ws, PayoutWorkbookContent c)
    {
        var columns = new Columns(ws);
        var brand = columns.Add("Brand");
        var revenue = columns.Add("Revenue", Rupees);
        var payout = columns.Add($"Allocated payout ({c.View.Basis.ToString().ToLowerInvariant()})", Rupees);
        var roas = columns.Add("ROAS", Ratio);
        var incremental = columns.Add("Incremental revenue", Rupees);
        var iroas = columns.Add("iROAS", Ratio);
        columns.WriteHeader();

        var row = 1;
        void Line(string label, OverviewKpis k)
        {
            row++;
            columns.Text(row, brand, label);
            columns.Number(row, revenue, k.Revenue);
            columns.Number(row, payout, k.Payout);
            columns.Number(row, roas, k.Roas);
            columns.Number(row, incremental, decimal.Round(k.IncrementalRevenue, 2));
            columns.Number(row, iroas, k.Iroas);
        }
        foreach (var b in c.ByBrand.Brands) Line(b.Brand, b.Kpis);
        var unallocated = c.ByBrand.Unallocated;
        if (Math.Abs(unallocated) >= 0.01m)
        {
            row++;
            columns.Text(row, brand, "Not allocated to a brand");
            columns.Number(row, payout, unallocated);
            ws.Cells[row, roas].Value = "payout of influencers without tracked revenue in the view";
        }
        Line("Total", c.ByBrand.Total);
        ws.Cells[row, 1, row, columns.Count].Style.Font.Bold = true;
        ws.Cells[row, 1, row, columns.Count].Style.Border.Top.Style = ExcelBorderStyle.Thin;
        columns.Format(row);
        ws.View.FreezePanes(2, 2);
    }

    static void Assumptions(ExcelWorksheet ws, PayoutWorkbookContent c)
    {
        var view = c.View;
        var lines = new (string, string)[]
        {
            ("Report", "CampaignTracker payout sheet"),
            ("Generated at (UTC)", c.GeneratedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)),
            ("Generated by", c.GeneratedBy),
            ("Data version", c.ByBrand.DataVersion.ToString(CultureInfo.InvariantCulture)
                + (c.ByBrand.RefreshedAt is { } at ? $" (snapshots of {at.UtcDateTime:yyyy-MM-dd HH:mm} UTC)" : "")),
            ("Filters", PdfReport.FiltersText(view.Filters)),
            ("Brands", view.Scope.IsAll ? "all (admin or Finance)" : c.VisibleBrands.Count == 0 ? "none assigned" : string.Join(", ", c.VisibleBrands) + " (the viewer's brands)"),
            ("Payouts sheet", c.Sheet.Whole
                ? "Whole contracts: every influencer with a payout row, over all dates."
                : "The part of each contract allocated to this view: order costs follow their orders; post costs and declared payouts are spread by the influencer's revenue share."),
            ("Earned payout", "Order basis: rate × tracked orders; post basis: rate × posts" + (c.Sheet.Cut ? " × post cost share (the view's share of the influencer's revenue in its dates)" : "") + ", rounded to paise."),
            ("Difference", "Declared payout − earned payout."),
            ("Flag", $"Difference above ₹{Reconciliation.ToleranceRupees:0} and above {Reconciliation.TolerancePercent:0}% of earned payout (highlighted rows)."),
            ("Alert flags", "The rules of the influencer's unresolved alerts (open or acknowledged) that make their numbers suspect: implausible engagement, order concentration."),
            ("Totals", "SUBTOTAL: they follow the autofilter (visible rows only)."),
            ("Cost basis (By brand)", view.Basis == CostBasis.Earned
                ? "earned: order-basis influencers cost rate × tracked orders, post-basis influencers rate × posts"
                : "declared: total_payout from the payouts file, spread over the influencer's tracked revenue"),
            ("Allocation rule", "A part of an influencer's sales (a brand, product or campaign) carries their payout in proportion to its revenue share, so brands add up to the total."),
            ("Lift", view.Lift.ToString("0.####", CultureInfo.InvariantCulture) + " (" + (view.Lift * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%); baseline = revenue ÷ (1 + lift); incremental revenue = revenue − baseline; iROAS = incremental revenue ÷ payout."),
        };
        var columns = new Columns(ws);
        var key = columns.Add("Assumption");
        var value = columns.Add("Value");
        columns.WriteHeader();
        var row = 1;
        foreach (var (k, v) in lines)
        {
            row++;
            columns.Text(row, key, k);
            columns.Text(row, value, v);
        }
        columns.Format(row, maxWidth: 120);
    }

    /// <summary>
    /// A sheet's columns: headers, number formats set once per column (not per cell), and widths from the longest
    /// text shown in each. Text cells that a spreadsheet could read as a formula are marked as text (quote prefix).
    /// </summary>
    internal sealed class Columns(ExcelWorksheet ws)
    {
        readonly List<(string Header, string? Format)> columns = [];
        readonly List<int> widths = [];

        public int Count => columns.Count;

        public int Add(string header, string? format = null)
        {
            columns.Add((header, format));
            widths.Add(header.Length);
            return columns.Count;
        }

        public void WriteHeader()
        {
            for (var i = 1; i <= columns.Count; i++) ws.Cells[1, i].Value = columns[i - 1].Header;
            var header = ws.Cells[1, 1, 1, columns.Count];
            header.Style.Font.Bold = true;
            header.Style.Fill.PatternType = ExcelFillStyle.Solid;
            header.Style.Fill.BackgroundColor.SetColor(HeaderFill);
            header.Style.Border.Bottom.Style = ExcelBorderStyle.Thin;
        }

        public void Text(int row, int column, string text)
        {
            var cell = ws.Cells[row, column];
            cell.Value = text;
            if (LooksLikeFormula(text)) cell.Style.QuotePrefix = true;
            Measure(column, text);
        }

        public void Number(int row, int column, decimal? value)
        {
            if (value is not { } v) return;
            ws.Cells[row, column].Value = v;
            Measure(column, v);
        }

        public void Measure(int column, decimal value) =>
            Measure(column, value.ToString(columns[column - 1].Format == Rate ? "N4" : "N2", CultureInfo.InvariantCulture) + "₹");

        public void Measure(int column, string text) => widths[column - 1] = Math.Max(widths[column - 1], text.Length);

        /// <summary>
        /// An autofilter over rows 1 to <paramref name="last"/>, and below them a bold totals row that sums the visible rows
        /// (SUBTOTAL 109, so a filter changes the totals) of <paramref name="summed"/>, labelled in <paramref name="labelColumn"/>.
        /// </summary>
        /// <returns>The totals row.</returns>
        public int FilterAndTotal(int last, int labelColumn, params int[] summed)
        {
            ws.Cells[1, 1, last, columns.Count].AutoFilter = true;
            var totals = last + 1;
            Text(totals, labelColumn, "Total (visible rows)");
            foreach (var column in summed)
                ws.Cells[totals, column].Formula = $"SUBTOTAL(109,{ExcelCellBase.GetAddress(2, column)}:{ExcelCellBase.GetAddress(last, column)})";
            ws.Cells[totals, 1, totals, columns.Count].Style.Font.Bold = true;
            ws.Cells[totals, 1, totals, columns.Count].Style.Border.Top.Style = ExcelBorderStyle.Thin;
            return totals;
        }

        /// <summary>Number formats over each column's rows, and widths of the longest content plus a margin.</summary>
        public void Format(int lastRow, int maxWidth = 60)
        {
            for (var i = 1; i <= columns.Count; i++)
            {
                if (columns[i - 1].Format is { } format && lastRow > 1) ws.Cells[2, i, lastRow, i].Style.Numberformat.Format = format;
                ws.Column(i).Width = Math.Clamp(widths[i - 1] + 3, 8, maxWidth);
            }
        }
    }

    /// <summary>OWASP, CSV injection: a cell starting with =, +, -, @, tab or carriage return could run as a formula.</summary>
    public static bool LooksLikeFormula(string text) => text.Length > 0 && text[0] is '=' or '+' or '-' or '@' or '\t' or '\r';
}
