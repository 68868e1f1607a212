using System.Text;
using CampaignTracker.Web.Ingestion.Sources;

namespace CampaignTracker.Tests.Ingestion.Sources;

public class CsvTableSourceTests : IDisposable
{
    readonly Scratch scratch = new();

    public void Dispose() => scratch.Dispose();

    const string Influencers = "id,name,followers\nI1,Zoë,1200\nI2,Łukasz,300\n";

    static readonly string[] InfluencerRows = ["2: I1|Zoë|1200", "3: I2|Łukasz|300"];

    [Fact]
    public void A_utf8_file_without_bom_reads_its_header_and_rows()
    {
        var (headers, rows, warnings) = Scratch.ReadAll(scratch.Write("influencers.csv", Influencers));

        Assert.Equal(["id", "name", "followers"], headers);
        Assert.Equal(InfluencerRows, rows);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_utf8_bom_is_not_part_of_the_first_header()
    {
        var (headers, rows, warnings) = Scratch.ReadAll(scratch.Write("influencers.csv", Influencers, new UTF8Encoding(true), bom: true));

        Assert.Equal("id", headers[0]);
        Assert.Equal(InfluencerRows, rows);
        Assert.Empty(warnings);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_utf16_file_with_bom_reads_like_utf8(bool bigEndian)
    {
        var encoding = new UnicodeEncoding(bigEndian, byteOrderMark: true);
        var (headers, rows, warnings) = Scratch.ReadAll(scratch.Write("influencers.csv", Influencers, encoding, bom: true));

        Assert.Equal(["id", "name", "followers"], headers);
        Assert.Equal(InfluencerRows, rows);
        Assert.Empty(warnings);
    }

    [Fact]
    public void A_utf16_file_without_bom_is_recognised_by_its_zero_bytes()
    {
        var (headers, rows, _) = Scratch.ReadAll(scratch.Write("influencers.csv", Influencers, new UnicodeEncoding(false, false)));

        Assert.Equal(["id", "name", "followers"], headers);
        Assert.Equal(InfluencerRows, rows);
    }

    [Fact]
    public void A_file_that_is_not_utf8_is_read_as_windows_1252_with_a_warning()
    {
        var bytes = Encoding.Latin1.GetBytes("id,name,followers\nI1,Jo,5\nI2,Zoë,1200\n");   // ë is 0xEB, as Excel on Windows saves it
        Assert.Contains((byte)0xEB, bytes);

        var (_, rows, warnings) = Scratch.ReadAll(scratch.Write("influencers.csv", bytes));

        Assert.Equal(["2: I1|Jo|5", "3: I2|Zoë|1200"], rows);
        Assert.Equal(["influencers.csv: not valid UTF-8 (first at line 3); read as Windows-1252 — check names with accents"], warnings);
    }

    [Fact]
    public void A_utf8_bom_wins_over_invalid_bytes_which_are_named_in_a_warning()
    {
        var bytes = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.Latin1.GetBytes("id,name\nI1,Zoë\n")).ToArray();

        var (_, rows, warnings) = Scratch.ReadAll(scratch.Write("influencers.csv", bytes));

        Assert.Equal(["2: I1|Zo\uFFFD"], rows);
        Assert.Equal(["influencers.csv: not valid UTF-8 (first at line 2) despite its UTF-8 byte order mark; the bad bytes show as '\uFFFD' — check those values"], warnings);
    }

    [Fact]
    public void Windows_1252_punctuation_reads_as_the_characters_excel_meant()
    {
        // 0x80 €, 0x93/0x94 curly quotes, 0x96 en dash: bytes Latin-1 would turn into control characters
        var bytes = Encoding.Latin1.GetBytes("product,brand\n").Concat(new byte[] { 0x80, 0x35, 0x20, 0x93, 0x4F, 0x6B, 0x94, 0x2C, 0x41, 0x96, 0x42, 0x0A }).ToArray();

        var (_, rows, _) = Scratch.ReadAll(scratch.Write("catalogue.csv", bytes));

        Assert.Equal(["2: €5 “Ok”|A–B"], rows);
    }

    [Fact]
    public void A_utf8_character_split_across_read_blocks_is_still_valid_utf8()
    {
        // 'ë' is two bytes; put its first byte last in the first 64 KiB block the validator reads
        var prefix = "name\n" + new string('a', 64 * 1024 - 5 - 1);
        var (_, rows, warnings) = Scratch.ReadAll(scratch.Write("names.csv", prefix + "ë\n"));

        Assert.Empty(warnings);
        Assert.EndsWith("aë", rows.Single());
    }

    [Theory]
    [InlineData(",")]
    [InlineData(";")]
    [InlineData("\t")]
    public void The_separator_is_detected(string separator)
    {
        var text = $"id{separator}name{separator}revenue\nI1{separator}Zoë{separator}1234.5\nI2{separator}Ana{separator}7\n";

        var (headers, rows, _) = Scratch.ReadAll(scratch.Write("tracking.csv", text));

        Assert.Equal(["id", "name", "revenue"], headers);
        Assert.Equal(["2: I1|Zoë|1234.5", "3: I2|Ana|7"], rows);
    }

    [Fact]
    public void A_semicolon_file_with_decimal_commas_keeps_them_in_the_value()
    {
        var (headers, rows, _) = Scratch.ReadAll(scratch.Write("payouts.csv", "influencer_id;rate\nI1;1,5\nI2;2,25\n"));

        Assert.Equal(["influencer_id", "rate"], headers);
        Assert.Equal(["2: I1|1,5", "3: I2|2,25"], rows);
    }

    [Fact]
    public void An_excel_sep_line_sets_the_separator_and_counts_as_a_line()
    {
        var (headers, rows, _) = Scratch.ReadAll(scratch.Write("posts.csv", "sep=;\nurl;likes\nhttps://x/1,2;5\n"));

        Assert.Equal(["url", "likes"], headers);
        Assert.Equal(["3: https://x/1,2|5"], rows);
    }

    [Fact]
    public void Quoted_fields_keep_commas_quotes_and_line_breaks_and_later_rows_keep_their_line_numbers()
    {
        var text = "url,caption,likes\r\n"
            + "u1,\"first line\r\nsecond line\r\nthird, with comma\",10\r\n"
            + "u2,\"she said \"\"wow\"\"\",20\r\n"
            + "u3,plain,30\r\n";

        var (_, rows, warnings) = Scratch.ReadAll(scratch.Write("posts.csv", text));

        Assert.Equal(
            ["2: u1|first line\r\nsecond line\r\nthird, with comma|10", "5: u2|she said \"wow\"|20", "6: u3|plain|30"],
            rows);
        Assert.Empty(warnings);
    }

    [Fact]
    public void Crlf_and_lf_line_ends_read_the_same()
    {
        var lf = Scratch.ReadAll(scratch.Write("lf.csv", "a,b\n1,2\n3,4\n"));
        var crlf = Scratch.ReadAll(scratch.Write("crlf.csv", "a,b\r\n1,2\r\n3,4\r\n"));

        Assert.Equal(["2: 1|2", "3: 3|4"], crlf.Rows);
        Assert.Equal(lf.Rows, crlf.Rows);
        Assert.Equal(lf.Headers, crlf.Headers);
    }

    [Fact]
    public void Blank_lines_and_rows_of_empty_fields_are_skipped_without_shifting_row_numbers()
    {
        var (_, rows, _) = Scratch.ReadAll(scratch.Write("tracking.csv", "a,b,c\n1,2,3\n\n,,\n , ,\n4,5,6\n\n\n\r\n"));

        Assert.Equal(["2: 1|2|3", "6: 4|5|6"], rows);
    }

    [Fact]
    public void A_value_quoted_after_a_space_is_still_one_quoted_value()
    {
        var (headers, rows, _) = Scratch.ReadAll(scratch.Write("catalogue.csv", "product, brand\nLip balm, \"Acme, Inc.\"\n"));

        Assert.Equal(["product", "brand"], headers);
        Assert.Equal(["2: Lip balm|Acme, Inc."], rows);
    }

    [Fact]
    public void A_short_row_gives_empty_fields_past_its_end()
    {
        using var source = TableSources.Open(scratch.Write("posts.csv", "a,b,c\n1\n"), "posts.csv", Scratch.Limits);

        Assert.True(source.Read());
        Assert.Equal(1, source.FieldCount);
        Assert.Equal("1", source.GetField(0));
        Assert.Equal("", source.GetField(2));
        Assert.False(source.Read());
    }

    [Fact]
    public void A_header_only_file_has_headers_and_no_rows()
    {
        using var source = TableSources.Open(scratch.Write("payouts.csv", "influencer_id;basis;rate\r\n"), "payouts.csv", Scratch.Limits);

        Assert.Equal(["influencer_id", "basis", "rate"], source.Headers);
        Assert.False(source.Read());
        Assert.Equal(0, source.RowNumber);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\uFEFF")]
    [InlineData("\n\r\n\n")]
    public void An_empty_file_is_refused(string text)
    {
        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(scratch.Write("posts.csv", text)));

        Assert.StartsWith("posts.csv is empty", e.Message);
    }

    [Fact]
    public void A_file_whose_first_row_has_no_names_is_refused()
    {
        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(scratch.Write("posts.csv", ",,\n1,2,3\n")));

        Assert.Equal("posts.csv has no header: its first row has no column names; expected the column names in the first row.", e.Message);
    }

    [Fact]
    public void An_unclosed_quote_is_refused_instead_of_swallowing_the_rest_of_the_file()
    {
        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(scratch.Write("posts.csv", "url,caption\nu1,ok\nu2,\"never closed\nu3,x\nu4,y\n")));

        Assert.StartsWith("posts.csv, line 3: a quote (\") opened here is never closed", e.Message);
    }

    [Fact]
    public void A_stray_quote_inside_a_value_is_kept_with_a_warning()
    {
        var (_, rows, warnings) = Scratch.ReadAll(scratch.Write("catalogue.csv", "product,brand\n24\" monitor,Acme\nlamp,Glow\n"));

        Assert.Equal(["2: 24\" monitor|Acme", "3: lamp|Glow"], rows);
        Assert.Equal(["catalogue.csv: stray quotes (\") in 1 row(s), kept as text, e.g. line 2; check those values"], warnings);
    }

    public static TheoryData<string, byte[], string> Junk => new()
    {
        { "png", [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], "influencers.csv is a PNG image, not a table; expected a CSV file (comma, semicolon or tab separated) or an XLSX workbook." },
        { "pdf", Encoding.ASCII.GetBytes("%PDF-1.7\n%âãÏÓ\n1 0 obj\n"), "influencers.csv is a PDF document, not a table; expected a CSV file (comma, semicolon or tab separated) or an XLSX workbook." },
        { "xls", [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0], "influencers.csv is an old Excel .xls workbook or a password-protected one, which cannot be read; save it as .xlsx without a password, or as CSV." },
        { "nul bytes", [.. Encoding.ASCII.GetBytes("id,name\n"), 0, 0, 0, 1, 2, 3, 0, 0], "influencers.csv does not look like a CSV file: it holds binary data (NUL or control bytes); expected a CSV file (comma, semicolon or tab separated) or an XLSX workbook." },
        { "html", Encoding.ASCII.GetBytes("\n<!DOCTYPE html>\n<html><body>Please sign in</body></html>"), "influencers.csv is a web page (HTML), not a table: perhaps a login or error page saved instead of the export; expected a CSV file (comma, semicolon or tab separated) or an XLSX workbook." },
    };

    [Theory]
    [MemberData(nameof(Junk))]
    public void Binary_or_non_table_content_is_refused_with_what_it_is(string kind, byte[] bytes, string message)
    {
        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(scratch.Write("influencers.csv", bytes)));

        Assert.True(message == e.Message, $"{kind}: {e.Message}");
    }

    [Fact]
    public void Random_bytes_are_refused_as_binary()
    {
        var bytes = new byte[10_000];
        new Random(7).NextBytes(bytes);
        bytes[0] = (byte)'a';   // no known signature

        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(scratch.Write("tracking.csv", bytes)));

        Assert.StartsWith("tracking.csv does not look like a CSV file: it holds binary data", e.Message);
    }

    [Fact]
    public void A_nul_byte_deep_in_a_text_file_is_refused_with_its_line()
    {
        var text = "a,b\n" + string.Concat(Enumerable.Repeat("1,2\n", 50_000));   // 200 KB: past the first block read
        var bytes = Encoding.ASCII.GetBytes(text + "3,\0\n");

        var e = Assert.Throws<UnreadableFileException>(() => Scratch.ReadAll(scratch.Write("tracking.csv", bytes)));

        Assert.StartsWith("tracking.csv has a NUL byte at line 50002:", e.Message);
    }

    [Fact]
    public void A_file_over_the_size_limit_is_refused_naming_the_limit()
    {
        var path = scratch.Write("tracking.csv", new byte[(int)(1.5 * 1024 * 1024)]);

        var e = Assert.Throws<UnreadableFileException>(() => TableSources.Open(path, "tracking.csv", new IngestionLimits(MaxFileBytes: 1024 * 1024)));

        Assert.Equal("tracking.csv is 1.5 MB; the limit is 1 MB (Ingestion:MaxFileBytes).", e.Message);
    }

    [Fact]
    public void The_default_size_limit_is_100_mb()
    {
        var path = scratch.Write("tracking.csv", []);
        using (var stream = File.OpenWrite(path)) stream.SetLength(136_839_168);   // sparse: 130.5 MB

        var e = Assert.Throws<UnreadableFileException>(() => TableSources.Open(path, "tracking.csv", new IngestionLimits()));

        Assert.Equal("tracking.csv is 130.5 MB; the limit is 100 MB (Ingestion:MaxFileBytes).", e.Message);
    }

    [Fact]
    public void More_rows_than_the_limit_are_refused_at_the_first_row_past_it()
    {
        var path = scratch.Write("tracking.csv", "a,b\n1,2\n\n3,4\n5,6\n");
        using var source = TableSources.Open(path, "tracking.csv", new IngestionLimits(MaxRows: 2));

        Assert.True(source.Read());
        Assert.True(source.Read());
        var e = Assert.Throws<UnreadableFileException>(() => source.Read());

        Assert.Equal("tracking.csv has more than 2 data rows (line 5 is past it); the limit is 2 rows (Ingestion:MaxRows). Split the file.", e.Message);
    }

    [Fact]
    public void A_file_with_exactly_the_row_limit_is_read()
    {
        var (_, rows, _) = Scratch.ReadAll(scratch.Write("tracking.csv", "a\n1\n2\n"), limits: new IngestionLimits(MaxRows: 2));

        Assert.Equal(2, rows.Count);
    }

    [Fact]
    public void Progress_goes_from_zero_to_the_file_size()
    {
        var path = scratch.Write("tracking.csv", "a,b\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"{i},x\n")));
        using var source = TableSources.Open(path, "tracking.csv", Scratch.Limits);
        var seen = new List<long>();

        while (source.Read()) if (source.RowNumber % 10_000 == 0) seen.Add(source.BytesRead);

        Assert.Equal(new FileInfo(path).Length, source.TotalBytes);
        Assert.Equal(source.TotalBytes, source.BytesRead);
        Assert.True(seen.Count == 10 && seen[0] < seen[^1] && seen[^1] <= source.TotalBytes, string.Join(", ", seen));
    }

    [Fact]
    public void A_text_file_named_xlsx_is_read_as_csv_with_a_warning()
    {
        var (headers, rows, warnings) = Scratch.ReadAll(scratch.Write("posts.xlsx", "a;b\n1;2\n"));

        Assert.Equal(["a", "b"], headers);
        Assert.Equal(["2: 1|2"], rows);
        Assert.Equal(["posts.xlsx is not an XLSX workbook but text; read as CSV"], warnings);
    }
}
