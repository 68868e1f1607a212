using System.IO.Compression;

namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>Opens an uploaded file as a table, CSV or XLSX as its content says (its name may be wrong).</summary>
public static class TableSources
{
    /// <param name="path">Where the file is.</param>
    /// <param name="fileName">The name the person gave it, for messages.</param>
    /// <param name="limits">What the file may cost.</param>
    /// <param name="sheetHint">For a workbook, the dataset whose sheet to read ("posts" reads a sheet "Posts").</param>
    /// <exception cref="UnreadableFileException">The file is not a table that can be read; the message says why.</exception>
    public static ITableSource Open(string path, string fileName, IngestionLimits limits, string? sheetHint = null)
    {
        var length = new FileInfo(path).Length;
        CheckSize(fileName, length, limits);
        if (length == 0)
            throw new UnreadableFileException($"{fileName} is empty (0 bytes); expected a header row with the column names, then one row per record.");

        var warnings = new List<string>();
        var extension = Path.GetExtension(fileName).ToLowerInvariant();
        if (!IsZip(path)) 
        {
            if (extension == ".xlsx") warnings.Add($"{fileName} is not an XLSX workbook but text; read as CSV");
            return CsvTableSource.Open(path, fileName, limits, warnings);
        }

        using (var zip = OpenZip(path, fileName))
        {
            if (!FileKinds.IsXlsx(zip))
            {
                throw FileKinds.Refusal(fileName, FileKinds.DescribeOfficeZip(zip) ?? "a ZIP archive, not a table (upload it as a .zip to have the CSV and XLSX files in it read)");
            }
        }
        if (extension != ".xlsx") warnings.Add($"{fileName} is an XLSX workbook; read as one");
        return XlsxTableSource.Open(path, fileName, limits, sheetHint, warnings);
    }

    internal static void CheckSize(string fileName, long length, IngestionLimits limits)
    {
        if (length <= limits.MaxFileBytes) return;
        var size = Sizes.Format(length);
        var limit = Sizes.Format(limits.MaxFileBytes);
        if (size == limit) size = $"{length:N0} bytes";
        throw new UnreadableFileException($"{fileName} is {size}; the limit is {limit} ({limits.MaxFileBytesKey}).");
    }

    internal static bool IsZip(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var stream = File.OpenRead(path);
        return stream.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && FileKinds.IsZip(head);
    }

    internal static ZipArchive OpenZip(string path, string fileName)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new UnreadableFileException($"{fileName} starts like a ZIP archive or XLSX workbook but is damaged ({e.Message}); {FileKinds.Expected}.");
        }
    }
}
