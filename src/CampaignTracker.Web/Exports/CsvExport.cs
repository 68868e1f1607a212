using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;

namespace CampaignTracker.Web.Exports;

/// <summary>A column of a CSV export: its header and how a row writes its field.</summary>
public sealed record CsvColumn<T>(string Header, Action<CsvWriter, T> Write)
{
    /// <summary>Free text: a value starting with =, +, -, @, tab or CR is written as text (OWASP CSV injection).</summary>
    public static CsvColumn<T> Text(string header, Func<T, string?> value) => new(header, (csv, row) => csv.WriteField(value(row) ?? ""));

    /// <summary>A plain decimal (invariant, no grouping, full precision); undefined (null) is an empty field.</summary>
    public static CsvColumn<T> Number(string header, Func<T, decimal?> value) =>
        new(header, (csv, row) => { if (value(row) is { } v) csv.WriteField(v, ""); else csv.WriteField(""); });

    public static CsvColumn<T> Count(string header, Func<T, long> value) => new(header, (csv, row) => csv.WriteField(value(row), ""));

    /// <summary>ISO 8601 date, yyyy-MM-dd.</summary>
    public static CsvColumn<T> Date(string header, Func<T, DateOnly> value) => new(header, (csv, row) => csv.WriteField(value(row), "yyyy-MM-dd"));
}

/// <summary>
/// A table as a CSV download (issue 5): UTF-8 with BOM so Excel shows ₹ and names, ISO dates, plain decimals,
/// formula injection neutralised in text fields, streamed to the response as rows are written (no whole-file buffer).
/// </summary>
public sealed class CsvExport<T>(string fileName, IEnumerable<T> rows, IReadOnlyList<CsvColumn<T>> columns) : IActionResult
{
    public static readonly CsvWriterOptions Options = new()
    {
        WriteByteOrderMark = true,
        Injection = CsvInjection.Escape,
        FormatProvider = CultureInfo.InvariantCulture,
    };

    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        var ct = context.HttpContext.RequestAborted;
        response.ContentType = "text/csv; charset=utf-8";
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = FileNames.Safe(fileName) }.ToString();
        await WriteAsync(response.Body, rows, columns, ct);
    }

    public static async Task WriteAsync(Stream destination, IEnumerable<T> rows, IReadOnlyList<CsvColumn<T>> columns, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(destination, Options, leaveOpen: true);
        foreach (var column in columns) csv.WriteField(column.Header);
        await csv.EndRecordAsync(ct);
        foreach (var row in rows)
        {
            foreach (var column in columns) column.Write(csv, row);
            await csv.EndRecordAsync(ct);
        }
        await csv.FlushAsync(ct);
    }
}

public static class FileNames
{
    /// <summary>Letters, digits, '.', '-' and '_' only: nothing a browser or a file system could misread.</summary>
    public static string Safe(string name)
    {
        var safe = new string(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_').ToArray()).Trim('.');
        return safe.Length == 0 ? "export" : safe;
    }

    /// <summary>"campaigns_2025-06-01_to_2025-06-30_generated_2026-11-25.csv": what, which period, and when made.</summary>
    public static string For(string what, Reporting.KpiFilters filters, DateTimeOffset now, string extension) =>
        For(what, filters.From, filters.To, now, extension);

    public static string For(string what, DateOnly? from, DateOnly? to, DateTimeOffset now, string extension) =>
        Safe($"{what}_{from?.ToString("yyyy-MM-dd") ?? "start"}_to_{to?.ToString("yyyy-MM-dd") ?? "end"}_generated_{now:yyyy-MM-dd}.{extension}");
}

/// <summary>The columns of a detail page's table of sales parts (a campaign's products, an influencer's products or campaigns).</summary>
public static class SalesPartColumns
{
    /// <param name="part">The first column's header: what the parts are ("product", "campaign").</param>
    public static IReadOnlyList<CsvColumn<Reporting.PartSales>> Of(string part) =>
    [
        CsvColumn<Reporting.PartSales>.Text(part, p => p.Name), CsvColumn<Reporting.PartSales>.Text("brand", p => p.Brand),
        CsvColumn<Reporting.PartSales>.Count("orders", p => p.Orders), CsvColumn<Reporting.PartSales>.Number("revenue", p => p.Revenue),
    ];
}
