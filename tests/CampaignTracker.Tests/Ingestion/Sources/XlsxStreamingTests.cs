using System.Diagnostics;
using CampaignTracker.Web.Ingestion.Sources;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using Xunit.Abstractions;

namespace CampaignTracker.Tests.Ingestion.Sources;

[Collection(MemoryCollection.Name)]
public class XlsxStreamingTests(ITestOutputHelper output) : IDisposable
{
    readonly Scratch scratch = new();

    public void Dispose() => scratch.Dispose();

    /// <summary>
    /// A tracking sheet as Excel lays it out (shared strings, a date style, numbers), written with the SDK's own
    /// streaming writer: a second, independent producer of the format.
    /// </summary>
    static void WriteTracking(string path, int rows)
    {
        using var document = SpreadsheetDocument.Create(path, SpreadsheetDocumentType.Workbook);
        var workbookPart = document.AddWorkbookPart();
        workbookPart.Workbook = new Workbook(new Sheets(new Sheet { Name = "Tracking", SheetId = 1, Id = "rId9" }));
        var styles = workbookPart.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font()), new Fills(new Fill()), new Borders(new Border()), new CellStyleFormats(new CellFormat()),
            new CellFormats(new CellFormat(), new CellFormat { NumberFormatId = 14, ApplyNumberFormat = true }));

        string[] header = ["campaign", "influencer_id", "date", "orders", "revenue"];
        var strings = new List<string>(header) { "Diwali 2024", "Holi 2025" };
        strings.AddRange(Enumerable.Range(0, 5000).Select(i => $"INF{i:D5}"));
        var table = workbookPart.AddNewPart<SharedStringTablePart>();
        using (var writer = OpenXmlWriter.Create(table))
        {
            writer.WriteStartElement(new SharedStringTable());
            foreach (var s in strings) writer.WriteElement(new SharedStringItem(new Text(s)));
            writer.WriteEndElement();
        }

        var sheetPart = workbookPart.AddNewPart<WorksheetPart>("rId9");
        using (var writer = OpenXmlWriter.Create(sheetPart))
        {
            writer.WriteStartElement(new Worksheet());
            writer.WriteStartElement(new SheetData());
            writer.WriteElement(new Row(header.Select((_, i) => new Cell { CellReference = $"{(char)('A' + i)}1", DataType = CellValues.SharedString, CellValue = new CellValue(i) })) { RowIndex = 1 });
            for (var r = 2; r <= rows + 1; r++)
            {
                writer.WriteElement(new Row(
                    new Cell { CellReference = $"A{r}", DataType = CellValues.SharedString, CellValue = new CellValue(5 + r % 2) },
                    new Cell { CellReference = $"B{r}", DataType = CellValues.SharedString, CellValue = new CellValue(7 + r % 5000) },
                    new Cell { CellReference = $"C{r}", StyleIndex = 1, CellValue = new CellValue(45566 + r % 28) },
                    new Cell { CellReference = $"D{r}", CellValue = new CellValue(r % 9 + 1) },
                    new Cell { CellReference = $"E{r}", CellValue = new CellValue(r % 100_000 + r % 100 / 100m) }) { RowIndex = (uint)r });
            }
            writer.WriteEndElement();
            writer.WriteEndElement();
        }
    }

    [Fact]
    public void A_100k_row_workbook_is_read_a_row_at_a_time()
    {
        const int rowCount = 100_000;
        var path = scratch.Path("tracking.xlsx");
        WriteTracking(path, rowCount);

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var clock = Stopwatch.StartNew();
        long peak = 0, rows = 0, sheetBytes;
        string last;
        using (var source = TableSources.Open(path, "tracking.xlsx", new IngestionLimits()))
        {
            Assert.Equal(["campaign", "influencer_id", "date", "orders", "revenue"], source.Headers);
            while (source.Read())
            {
                rows++;
                if (rows % 20_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
            sheetBytes = source.TotalBytes;
            Assert.Equal(sheetBytes, source.BytesRead);
        }
        clock.Stop();
        using (var source = TableSources.Open(path, "tracking.xlsx", new IngestionLimits()))
        {
            source.Read();
            last = $"{source.RowNumber}: {string.Join("|", Enumerable.Range(0, source.FieldCount).Select(source.GetField))}";
        }

        output.WriteLine($"{rowCount:N0} rows, file {new FileInfo(path).Length:N0} bytes, sheet XML {sheetBytes:N0} bytes: read in {clock.ElapsedMilliseconds} ms, live memory growth at most {peak:N0} bytes");
        Assert.Equal(rowCount, rows);
        Assert.Equal("2: Diwali 2024|INF00002|2024-10-03|3|2.02", last);
        // The sheet's XML is ~17 MB; what stays alive is the shared strings (5,007) and the reader's buffers.
        Assert.True(peak < 8 * 1024 * 1024, $"live memory grew by {peak:N0} bytes while reading a {sheetBytes:N0}-byte sheet");
    }
}
