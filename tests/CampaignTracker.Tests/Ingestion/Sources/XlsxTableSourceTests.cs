using System.IO.Compression;
using CampaignTracker.Web.Ingestion.Sources;
using static CampaignTracker.Tests.Ingestion.Sources.XlsxBuilder;

namespace CampaignTracker.Tests.Ingestion.Sources;

public class XlsxTableSourceTests : IDisposable
{
    readonly Scratch scratch = new();

    public void Dispose() => scratch.Dispose();

    XlsxBuilder ThreeSheets() => new XlsxBuilder()
        .Sheet("Influencers", Header("id", "name") + Row(2, Text("A2", "I1"), Text("B2", "Zoë")))
        .Sheet("Posts", Header("url", "likes") + Row(2, Text("A2", "https://x/1"), Number("B2", "10")))
        .Sheet("Tracking Data", Header("campaign", "orders") + Row(2, Text("A2", "Diwali"), Number("B2", "3")));

    [Fact]
    public void Without_a_hint_the_first_sheet_is_read_and_the_others_named()
    {
        var (headers, rows, warnings) = Scratch.ReadAll(ThreeSheets().Save(scratch.Path("book.xlsx")));

        Assert.Equal(["id", "name"], headers);
        Assert.Equal(["2: I1|Zoë"], rows);
        Assert.Equal(["book.xlsx: read the first sheet, 'Influencers', of 3 ('Influencers', 'Posts', 'Tracking Data'); the others were not read"], warnings);
    }

    [Theory]
    [InlineData("posts", "2: https://x/1|10")]
    [InlineData("POSTS", "2: https://x/1|10")]
    [InlineData("tracking_data", "2: Diwali|3")]
    [InlineData("tracking", "2: Diwali|3")]
    [InlineData("influencer", "2: I1|Zoë")]
    public void The_sheet_named_like_the_hint_is_read(string hint, string row)
    {
        var (_, rows, warnings) = Scratch.ReadAll(ThreeSheets().Save(scratch.Path("book.xlsx")), sheetHint: hint);

        Assert.Equal([row], rows);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_hint_that_names_no_sheet_reads_the_first_with_a_warning()
    {
        var (_, rows, warnings) = Scratch.ReadAll(ThreeSheets().Save(scratch.Path("book.xlsx")), sheetHint: "payouts");

        Assert.Equal(["2: I1|Zoë"], rows);
        Assert.Equal(["book.xlsx: no sheet is named like 'payouts' (it has 'Influencers', 'Posts', 'Tracking Data'); read the first sheet, 'Influencers'"], warnings);
    }

    [Fact]
    public void A_hidden_first_sheet_is_passed_over()
    {
        var path = new XlsxBuilder()
            .Sheet("Lookups", Header("code"), hidden: true)
            .Sheet("Payouts", Header("influencer_id") + Row(2, Text("A2", "I9")))
            .Save(scratch.Path("payouts.xlsx"));

        var (headers, rows, _) = Scratch.ReadAll(path);

        Assert.Equal(["influencer_id"], headers);
        Assert.Equal(["2: I9"], rows);
    }

    [Fact]
    public void Numbers_are_written_invariant_as_excel_shows_them()
    {
        var path = new XlsxBuilder().Sheet("Tracking", Header("value") + string.Concat(new[]
        {
            "1234.5", "1234", "1234.0", "0.30000000000000004", "1234.5599999999999", "1E-3", "-5", "12345678901", "0", "1E+30",
        }.Select((raw, i) => Row(i + 2, Number($"A{i + 2}", raw))))).Save(scratch.Path("tracking.xlsx"));

        var (_, rows, _) = Scratch.ReadAll(path);

        Assert.Equal(
            ["2: 1234.5", "3: 1234", "4: 1234", "5: 0.3", "6: 1234.56", "7: 0.001", "8: -5", "9: 12345678901", "10: 0", "11: 1E+30"],
            rows);
    }

    [Fact]
    public void Cells_with_a_date_format_are_written_as_iso_dates_and_times()
    {
        var path = new XlsxBuilder()
            .Style(14)                                  // 1: built-in m/d/yyyy
            .Style(164, "dd/mm/yyyy\\ hh:mm")           // 2: custom date and time
            .Style(20)                                  // 3: built-in h:mm, a time of day
            .Style(165, "[h]:mm")                       // 4: a duration, not a date
            .Style(166, "#,##0.00\\ \"days\"")          // 5: a number with a word in it
            .Style(167, "[$-409]mmmm\\ yyyy;@")         // 6: a locale-tagged month
            .Sheet("Posts", Header("when") + Row(2, Number("A2", "45570", 1)) + Row(3, Number("A3", "45570.5729166667", 2))
                + Row(4, Number("A4", "0.5", 3)) + Row(5, Number("A5", "1.25", 4)) + Row(6, Number("A6", "3", 5))
                + Row(7, Number("A7", "45566", 6)) + Row(8, "<c r=\"A8\" t=\"d\"><v>2024-10-05T00:00:00</v></c>")
                + Row(9, Number("A9", "45570", 0)))
            .Save(scratch.Path("posts.xlsx"));

        var (_, rows, _) = Scratch.ReadAll(path);

        Assert.Equal(
            ["2: 2024-10-05", "3: 2024-10-05T13:45:00", "4: 12:00:00", "5: 1.25", "6: 3", "7: 2024-10-01", "8: 2024-10-05", "9: 45570"],
            rows);
    }

    [Fact]
    public void A_workbook_on_the_1904_calendar_gets_the_same_dates()
    {
        var path = new XlsxBuilder().Date1904().Style(14)
            .Sheet("Posts", Header("date") + Row(2, Number("A2", "44108", 1)))   // 45570 - 1462
            .Save(scratch.Path("posts.xlsx"));

        Assert.Equal(["2: 2024-10-05"], Scratch.ReadAll(path).Rows);
    }

    [Fact]
    public void Missing_cells_leave_their_columns_empty_instead_of_shifting_the_next()
    {
        var path = new XlsxBuilder()
            .Sheet("Posts", Header("a", "b", "c", "d")
                + Row(2, Text("A2", "x"), Text("C2", "z"))
                + Row(3, Text("B3", "only b"))
                + Row(4, Text("A4", "trailing blanks"), "<c r=\"B4\" s=\"0\"/>", "<c r=\"D4\" t=\"inlineStr\"><is><t></t></is></c>"))
            .Save(scratch.Path("posts.xlsx"));

        using var source = TableSources.Open(path, "posts.xlsx", Scratch.Limits);
        var rows = Scratch.Rows(source);

        Assert.Equal(["2: x||z", "3: |only b", "4: trailing blanks"], rows);
    }

    [Fact]
    public void Cells_without_references_follow_one_another()
    {
        var path = new XlsxBuilder()
            .Sheet("Posts", "<row><c t=\"inlineStr\"><is><t>a</t></is></c><c t=\"inlineStr\"><is><t>b</t></is></c></row>"
                + "<row><c><v>1</v></c><c><v>2</v></c></row>")
            .Save(scratch.Path("posts.xlsx"));

        var (headers, rows, _) = Scratch.ReadAll(path);

        Assert.Equal(["a", "b"], headers);
        Assert.Equal(["2: 1|2"], rows);
    }

    [Fact]
    public void Strings_booleans_formulas_and_errors_read_as_excel_shows_them()
    {
        var path = new XlsxBuilder()
            .SharedStrings(" Zoë ", "<si><r><t>Rich</t></r><r><rPr><b/></rPr><t xml:space=\"preserve\"> text</t></r><rPh sb=\"0\" eb=\"1\"><t>ルビ</t></rPh></si>")
            .Sheet("Influencers", Header("a", "b", "c", "d", "e", "f", "g")
                + Row(2, Shared("A2", 0), Shared("B2", 1), "<c r=\"C2\" t=\"b\"><v>1</v></c>", "<c r=\"D2\" t=\"b\"><v>0</v></c>",
                    "<c r=\"E2\" t=\"str\"><f>A2&amp;\"!\"</f><v> Zoë !</v></c>", "<c r=\"F2\"><f>1/0</f></c>", "<c r=\"G2\" t=\"e\"><f>1/0</f><v>#DIV/0!</v></c>"))
            .Save(scratch.Path("influencers.xlsx"));

        var (_, rows, warnings) = Scratch.ReadAll(path);

        Assert.Equal(["2:  Zoë |Rich text|TRUE|FALSE| Zoë !||#DIV/0!"], rows);
        Assert.Equal(
            [
                "influencers.xlsx: 1 cell(s) show an Excel error such as #N/A or #DIV/0!, e.g. G2; they are read as that text",
                "influencers.xlsx: 1 formula cell(s) have no saved result and read as empty; open the file in Excel and save it again",
            ],
            warnings);
    }

    [Fact]
    public void Row_numbers_are_the_sheets_own_and_empty_rows_are_skipped()
    {
        var path = new XlsxBuilder()
            .Sheet("Posts", Row(3, Text("B3", "url")) + Row(4, Text("B4", "u1")) + "<row r=\"5\"/>" + Row(6, "<c r=\"B6\" s=\"0\"/>") + Row(9, Text("B9", "u2")))
            .Save(scratch.Path("posts.xlsx"));

        var (headers, rows, _) = Scratch.ReadAll(path);

        Assert.Equal(["", "url"], headers);
        Assert.Equal(["4: |u1", "9: |u2"], rows);
    }

    [Fact]
    public void A_header_only_sheet_has_headers_and_no_rows()
    {
        using var source = TableSources.Open(new XlsxBuilder().Sheet("Payouts", Header("influencer_id", "rate")).Save(scratch.Path("p.xlsx")), "p.xlsx", Scratch.Limits);

        Assert.Equal(["influencer_id", "rate"], source.Headers);
        Assert.False(source.Read());
    }

    [Fact]
    public void An_empty_sheet_is_refused()
    {
        var path = new XlsxBuilder().Sheet("Sheet1", "<row r=\"1\"/>").Save(scratch.Path("p.xlsx"));

        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(path));

        Assert.Equal("p.xlsx: the sheet 'Sheet1' is empty; expected a header row with the column names, then one row per record.", e.Message);
    }

    [Fact]
    public void More_rows_than_the_limit_are_refused()
    {
        var path = new XlsxBuilder().Sheet("T", Header("a") + Row(2, Number("A2", "1")) + Row(3, Number("A3", "2")) + Row(7, Number("A7", "3")))
            .Save(scratch.Path("t.xlsx"));
        using var source = TableSources.Open(path, "t.xlsx", new IngestionLimits(MaxRows: 2));

        Assert.True(source.Read());
        Assert.True(source.Read());
        var e = Assert.Throws<UnreadableFileException>(() => source.Read());

        Assert.Equal("t.xlsx has more than 2 data rows (row 7 is past it); the limit is 2 rows (Ingestion:MaxRows). Split the file.", e.Message);
    }

    [Fact]
    public void A_workbook_named_csv_is_read_as_xlsx_with_a_warning()
    {
        var path = new XlsxBuilder().Sheet("S", Header("a") + Row(2, Number("A2", "7"))).Save(scratch.Path("posts.csv"));

        var (_, rows, warnings) = Scratch.ReadAll(path);

        Assert.Equal(["2: 7"], rows);
        Assert.Equal(["posts.csv is an XLSX workbook; read as one"], warnings);
    }

    [Fact]
    public void A_workbook_whose_sheet_expands_too_much_is_refused_before_it_is_opened()
    {
        // 50 MB of one repeated row compresses about a thousand times
        var row = Row(2, Number("A2", "1"));
        var path = new XlsxBuilder()
            .Sheet("S", writer =>
            {
                writer.Write(Header("a"));
                for (var i = 0; i < 50_000_000 / row.Length; i++) writer.Write(row);
            })
            .Save(scratch.Path("bomb.xlsx"));
        Assert.True(new FileInfo(path).Length < 1_000_000);

        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(path));

        Assert.Matches(@"^bomb\.xlsx looks like a zip bomb: xl/worksheets/sheet1\.xml expands [\d,]+ times its compressed size; the limit is 100 times \(Ingestion:MaxCompressionRatio\)\.$", e.Message);
    }

    [Fact]
    public void A_workbook_over_the_uncompressed_limit_is_refused()
    {
        var rows = string.Concat(Enumerable.Range(2, 20_000).Select(r => Row(r, Number($"A{r}", (r * 7919 % 100_003).ToString()))));
        var path = new XlsxBuilder().Sheet("S", Header("a") + rows).Save(scratch.Path("big.xlsx"));

        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(path, limits: new IngestionLimits(MaxUncompressedBytes: 256 * 1024)));

        Assert.Equal("big.xlsx expands to more than 256 KB when decompressed; the limit is 256 KB (Ingestion:MaxUncompressedBytes).", e.Message);
    }

    [Fact]
    public void A_damaged_workbook_is_refused()
    {
        var good = File.ReadAllBytes(new XlsxBuilder().Sheet("S", Header("a")).Save(scratch.Path("good.xlsx")));
        var path = scratch.Write("bad.xlsx", good[..(good.Length / 2)]);

        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(path));

        Assert.StartsWith("bad.xlsx starts like a ZIP archive or XLSX workbook but is damaged", e.Message);
    }

    [Fact]
    public void A_zip_that_is_no_workbook_is_refused_naming_what_it_is()
    {
        var docx = scratch.Path("report.xlsx");
        using (var zip = ZipFile.Open(docx, ZipArchiveMode.Create)) zip.CreateEntry("word/document.xml");
        var plain = scratch.Path("data.csv");
        using (var zip = ZipFile.Open(plain, ZipArchiveMode.Create)) zip.CreateEntry("posts.csv");

        Assert.Equal(
            "report.xlsx is a Word document, not a table; expected a CSV file (comma, semicolon or tab separated) or an XLSX workbook.",
            Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(docx)).Message);
        Assert.Equal(
            "data.csv is a ZIP archive, not a table (upload it as a .zip to have the CSV and XLSX files in it read); expected a CSV file (comma, semicolon or tab separated) or an XLSX workbook.",
            Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(plain)).Message);
    }

    [Fact]
    public void Progress_ends_at_the_sheets_size()
    {
        var path = new XlsxBuilder().Sheet("S", Header("a") + string.Concat(Enumerable.Range(2, 5000).Select(r => Row(r, Number($"A{r}", $"{r}"))))).Save(scratch.Path("t.xlsx"));
        using var source = TableSources.Open(path, "t.xlsx", Scratch.Limits);
        using var zip = ZipFile.OpenRead(path);

        var halfway = 0L;
        while (source.Read()) if (source.RowNumber == 2500) halfway = source.BytesRead;

        Assert.Equal(zip.GetEntry("xl/worksheets/sheet1.xml")!.Length, source.TotalBytes);
        Assert.Equal(source.TotalBytes, source.BytesRead);
        Assert.InRange(halfway, source.TotalBytes / 4, source.TotalBytes * 3 / 4);
    }
}
