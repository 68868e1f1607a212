using System.IO.Compression;
using System.Security;
using System.Text;

namespace CampaignTracker.Tests.Ingestion.Sources;

/// <summary>
/// Writes an XLSX workbook part by part, as raw XML, so that a test controls exactly what the reader meets:
/// cell types, missing cells, styles, shared strings. Sheets are given as their &lt;sheetData&gt; rows.
/// </summary>
public sealed class XlsxBuilder
{
    readonly List<(string Name, Action<TextWriter> Rows, string State)> sheets = [];
    readonly List<string> sharedStrings = [];
    readonly List<(int Id, string Code)> numberFormats = [];
    readonly List<int> cellFormats = [0];
    bool date1904;

    public XlsxBuilder Sheet(string name, string rows, bool hidden = false) => Sheet(name, writer => writer.Write(rows), hidden);

    /// <summary>A sheet whose rows are written straight into the archive: for sheets too big to build as a string.</summary>
    public XlsxBuilder Sheet(string name, Action<TextWriter> writeRows, bool hidden = false)
    {
        sheets.Add((name, writeRows, hidden ? "hidden" : "visible"));
        return this;
    }

    /// <summary>Adds shared strings; a cell points to one by its index (<see cref="Shared"/>).</summary>
    public XlsxBuilder SharedStrings(params string[] items)
    {
        sharedStrings.AddRange(items);
        return this;
    }

    /// <summary>Adds a cell format (style) showing number format <paramref name="numFmtId"/>; returns the builder, the style is the next index from 1.</summary>
    public XlsxBuilder Style(int numFmtId, string? customCode = null)
    {
        if (customCode is not null) numberFormats.Add((numFmtId, customCode));
        cellFormats.Add(numFmtId);
        return this;
    }

    public XlsxBuilder Date1904()
    {
        date1904 = true;
        return this;
    }

    public static string Row(int r, params string[] cells) => $"<row r=\"{r}\">{string.Concat(cells)}</row>";

    public static string Text(string reference, string text) =>
        $"<c r=\"{reference}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{SecurityElement.Escape(text)}</t></is></c>";

    public static string Shared(string reference, int index) => $"<c r=\"{reference}\" t=\"s\"><v>{index}</v></c>";

    public static string Number(string reference, string raw, int style = 0) => $"<c r=\"{reference}\" s=\"{style}\"><v>{raw}</v></c>";

    /// <summary>A header row of inline strings in row 1, columns A, B, C...</summary>
    public static string Header(params string[] names) => Row(1, [.. names.Select((n, i) => Text($"{(char)('A' + i)}1", n))]);

    public string Save(string path)
    {
        File.Delete(path);
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Part(string name, string xml) => StreamPart(name, writer => writer.Write(xml));
        void StreamPart(string name, Action<TextWriter> write)
        {
            using var writer = new StreamWriter(zip.CreateEntry(name, CompressionLevel.Optimal).Open(), new UTF8Encoding(false), 1 << 16);
            writer.Write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n");
            write(writer);
        }
        const string main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
        const string rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        const string type = "application/vnd.openxmlformats-officedocument.spreadsheetml";

        Part("[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
            + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/>"
            + $"<Override PartName=\"/xl/workbook.xml\" ContentType=\"{type}.sheet.main+xml\"/>"
            + $"<Override PartName=\"/xl/styles.xml\" ContentType=\"{type}.styles+xml\"/>"
            + $"<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"{type}.sharedStrings+xml\"/>"
            + string.Concat(sheets.Select((_, i) => $"<Override PartName=\"/xl/worksheets/sheet{i + 1}.xml\" ContentType=\"{type}.worksheet+xml\"/>"))
            + "</Types>");
        Part("_rels/.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + $"<Relationship Id=\"rId1\" Type=\"{rels}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
        Part("xl/workbook.xml",
            $"<workbook xmlns=\"{main}\" xmlns:r=\"{rels}\">{(date1904 ? "<workbookPr date1904=\"1\"/>" : "<workbookPr/>")}<sheets>"
            + string.Concat(sheets.Select((s, i) => $"<sheet name=\"{SecurityElement.Escape(s.Name)}\" sheetId=\"{i + 1}\" state=\"{s.State}\" r:id=\"rId{i + 1}\"/>"))
            + "</sheets></workbook>");
        Part("xl/_rels/workbook.xml.rels",
            "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
            + string.Concat(sheets.Select((_, i) => $"<Relationship Id=\"rId{i + 1}\" Type=\"{rels}/worksheet\" Target=\"worksheets/sheet{i + 1}.xml\"/>"))
            + $"<Relationship Id=\"rIdS\" Type=\"{rels}/styles\" Target=\"styles.xml\"/>"
            + $"<Relationship Id=\"rIdT\" Type=\"{rels}/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
        Part("xl/styles.xml",
            $"<styleSheet xmlns=\"{main}\">"
            + $"<numFmts count=\"{numberFormats.Count}\">{string.Concat(numberFormats.Select(f => $"<numFmt numFmtId=\"{f.Id}\" formatCode=\"{SecurityElement.Escape(f.Code)}\"/>"))}</numFmts>"
            + "<fonts count=\"1\"><font/></fonts><fills count=\"1\"><fill/></fills><borders count=\"1\"><border/></borders>"
            + "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"   // not cell formats: must not make style 0 a date
            + $"<cellXfs count=\"{cellFormats.Count}\">{string.Concat(cellFormats.Select(id => $"<xf numFmtId=\"{id}\" applyNumberFormat=\"1\"/>"))}</cellXfs>"
            + "</styleSheet>");
        Part("xl/sharedStrings.xml",
            $"<sst xmlns=\"{main}\" count=\"{sharedStrings.Count}\" uniqueCount=\"{sharedStrings.Count}\">"
            + string.Concat(sharedStrings.Select(s => s.StartsWith("<si>", StringComparison.Ordinal) ? s : $"<si><t xml:space=\"preserve\">{SecurityElement.Escape(s)}</t></si>"))
            + "</sst>");
        for (var i = 0; i < sheets.Count; i++)
            StreamPart($"xl/worksheets/sheet{i + 1}.xml", writer =>
            {
                writer.Write($"<worksheet xmlns=\"{main}\" xmlns:r=\"{rels}\"><sheetData>");
                sheets[i].Rows(writer);
                writer.Write("</sheetData></worksheet>");
            });
        return path;
    }
}
