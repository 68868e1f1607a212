using System.Globalization;
using CsvHelper;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// Every error of an upload: all of them go to a CSV report on disk (downloadable), the first
/// <see cref="Shown"/> stay in memory for the page. Memory does not grow with the number of errors.
/// </summary>
public sealed class ErrorLog(string reportPath) : IDisposable
{
    public const int Shown = 100;

    readonly List<RowError> first = [];
    CsvWriter? writer;

    public int Count { get; private set; }
    public string ReportPath { get; } = reportPath;
    public IReadOnlyList<RowError> First => first;

    public void Add(RowError error)
    {
        Count++;
        if (first.Count < Shown) first.Add(error);
        writer ??= StartReport();
        writer.WriteField(error.File);
        writer.WriteField(error.Row == 0 ? "" : error.Row.ToString(CultureInfo.InvariantCulture));
        writer.WriteField(error.Column);
        writer.WriteField(error.Value);
        writer.WriteField(error.Expected);
        writer.EndRecord();
    }

    CsvWriter StartReport()
    {
        // UTF-8 with BOM so that Excel shows names and ₹ correctly; a value like "=HYPERLINK(…)" is written as text.
        var stream = new FileStream(ReportPath, FileMode.Create, FileAccess.Write);
        var csv = CsvWriter.Create(stream, new CsvWriterOptions { WriteByteOrderMark = true, Injection = CsvInjection.Escape }, false);
        foreach (var header in new[] { "file", "row", "column", "value", "expected" }) csv.WriteField(header);
        csv.EndRecord();
        return csv;
    }

    public void Dispose() => writer?.Dispose();
}
