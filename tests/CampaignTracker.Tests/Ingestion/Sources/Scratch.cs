using System.Text;
using CampaignTracker.Web.Ingestion.Sources;

namespace CampaignTracker.Tests.Ingestion.Sources;

/// <summary>A temp folder for the files a test makes; deleted with the test.</summary>
public sealed class Scratch : IDisposable
{
    public string Folder { get; } = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ct-sources-" + Guid.NewGuid().ToString("N"))).FullName;

    public string Path(string name) => System.IO.Path.Combine(Folder, name);

    public string Write(string name, byte[] bytes)
    {
        File.WriteAllBytes(Path(name), bytes);
        return Path(name);
    }

    /// <summary>Text as a tool would save it: in <paramref name="encoding"/>, with its byte order mark when <paramref name="bom"/>.</summary>
    public string Write(string name, string text, Encoding? encoding = null, bool bom = false)
    {
        encoding ??= new UTF8Encoding(false);
        return Write(name, [.. bom ? encoding.GetPreamble() : [], .. encoding.GetBytes(text)]);
    }

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    public static IngestionLimits Limits { get; } = new();

    /// <summary>Every data row as "row: field|field|..." (as many fields as the row has).</summary>
    public static List<string> Rows(ITableSource source)
    {
        var rows = new List<string>();
        while (source.Read())
            rows.Add($"{source.RowNumber}: {string.Join("|", Enumerable.Range(0, source.FieldCount).Select(source.GetField))}");
        return rows;
    }

    public static (IReadOnlyList<string> Headers, List<string> Rows, IReadOnlyList<string> Warnings) ReadAll(
        string path, string? fileName = null, IngestionLimits? limits = null, string? sheetHint = null)
    {
        using var source = TableSources.Open(path, fileName ?? System.IO.Path.GetFileName(path), limits ?? Limits, sheetHint);
        var rows = Rows(source);
        return (source.Headers, rows, source.Warnings);
    }
}
