using System.IO.Compression;
using System.Text;

namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>What a file is, judged by its first bytes rather than its name.</summary>
static class FileKinds
{
    public const string Expected = "expected a CSV file (comma, semicolon or tab separated) or an XLSX workbook";

    /// <summary>True for the local file header of a ZIP archive (XLSX is one).</summary>
    public static bool IsZip(ReadOnlySpan<byte> head) => head.StartsWith("PK\x03\x04"u8) || head.StartsWith("PK\x05\x06"u8);

    /// <summary>An XLSX workbook is a ZIP archive with a workbook part.</summary>
    public static bool IsXlsx(ZipArchive zip) => zip.GetEntry("xl/workbook.xml") is not null;

    /// <summary>What a ZIP archive that is not an XLSX workbook holds, when it is another office format.</summary>
    public static string? DescribeOfficeZip(ZipArchive zip)
    {
        if (zip.GetEntry("xl/workbook.bin") is not null) return "an Excel binary workbook (.xlsb), which cannot be read; save it as .xlsx or CSV";
        if (zip.GetEntry("word/document.xml") is not null) return "a Word document, not a table";
        if (zip.GetEntry("ppt/presentation.xml") is not null) return "a PowerPoint presentation, not a table";
        if (zip.GetEntry("mimetype") is { Length: < 200 } mimetype)
        {
            using var reader = new StreamReader(mimetype.Open(), Encoding.ASCII);
            if (reader.ReadToEnd().Contains("opendocument.spreadsheet", StringComparison.Ordinal))
                return "an OpenDocument spreadsheet (.ods), which cannot be read; save it as .xlsx or CSV";
        }
        return null;
    }

    /// <summary>The kind of a well-known binary or non-table file, from its first bytes; null when it may be text.</summary>
    public static string? DescribeBinary(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF"u8)) return "a PDF document, not a table";
        if (Starts(head, 0x89, 0x50, 0x4E, 0x47)) return "a PNG image, not a table";
        if (Starts(head, 0xFF, 0xD8, 0xFF)) return "a JPEG image, not a table";
        if (head.StartsWith("GIF8"u8)) return "a GIF image, not a table";
        if (Starts(head, 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1))
            return "an old Excel .xls workbook or a password-protected one, which cannot be read; save it as .xlsx without a password, or as CSV";
        if (Starts(head, 0x1F, 0x8B)) return "a gzip archive, not a table";
        if (head.StartsWith("Rar!"u8)) return "a RAR archive, not a table";
        if (Starts(head, 0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C)) return "a 7-Zip archive, not a table";
        if (head.StartsWith("{\\rtf"u8)) return "an RTF document, not a table";
        return null;
    }

    /// <summary>The refusal of a file of a known kind: what it is, then what to do or what was expected.</summary>
    public static UnreadableFileException Refusal(string fileName, string kind) =>
        new(kind.Contains("save it", StringComparison.Ordinal) ? $"{fileName} is {kind}." : $"{fileName} is {kind}; {Expected}.");

    /// <summary>Whether <paramref name="bytes"/> starts with the bytes that follow.</summary>
    public static bool Starts(ReadOnlySpan<byte> bytes, params ReadOnlySpan<byte> prefix) => bytes.StartsWith(prefix);

    /// <summary>Text that is a markup document rather than a table: a saved web page (a login or error page) or XML.</summary>
    public static string? DescribeMarkup(string start)
    {
        var text = start.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        if (text.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || text.StartsWith("<html", StringComparison.OrdinalIgnoreCase))
            return "a web page (HTML), not a table: perhaps a login or error page saved instead of the export";
        if (text.StartsWith("<?xml", StringComparison.OrdinalIgnoreCase)) return "an XML document, not a table";
        return null;
    }

    /// <summary>
    /// Whether decoded text looks like binary data: any NUL, or more than 2% control characters other than
    /// tab, line breaks, form feed and the DOS end-of-file mark (a text CSV has almost none).
    /// </summary>
    public static bool LooksBinary(ReadOnlySpan<char> text)
    {
        if (text.Contains('\0')) return true;
        var controls = 0;
        foreach (var c in text)
            if (c is < ' ' and not ('\t' or '\n' or '\r' or '\f' or '\v' or '\x1A') or '\x7F') controls++;
        return controls >= 4 && controls > text.Length / 50;
    }
}
