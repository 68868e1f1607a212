using CsvHelper;

namespace CampaignTracker.Web.Ingestion.Sources;

// TEMPORARY: replaced by the sources branch (ITableSource, TableSources, IngestionLimits, UnreadableFileException, UploadExpander).
public interface ITableSource : IDisposable
{
    IReadOnlyList<string> Headers { get; }
    bool Read();
    int RowNumber { get; }
    int FieldCount { get; }
    string GetField(int index);
    IReadOnlyList<string> Warnings { get; }
    long BytesRead { get; }
    long TotalBytes { get; }
}

public sealed record IngestionLimits(long MaxFileBytes = 100L << 20, long MaxRows = 5_000_000, long MaxUncompressedBytes = 1L << 30, int MaxCompressionRatio = 100)
{
    public static IngestionLimits From(IConfiguration config) => new();
}

public sealed class UnreadableFileException(string message) : Exception(message);

public sealed record ExpandedFile(string Path, string FileName);

public static class UploadExpander
{
    public static IReadOnlyList<ExpandedFile> Expand(string path, string fileName, string targetFolder, IngestionLimits limits) => [new(path, fileName)];
}

public static class TableSources
{
    public static ITableSource Open(string path, string fileName, IngestionLimits limits, string? sheetHint = null) => new Csv(path);

    sealed class Csv : ITableSource
    {
        readonly FileStream stream;
        readonly CsvReader csv;
        public Csv(string path)
        {
            stream = File.OpenRead(path);
            csv = CsvReader.Create(stream, new CsvReaderOptions(), false);
            csv.ReadHeader();
            Headers = [.. csv.Headers];
        }
        public IReadOnlyList<string> Headers { get; }
        public bool Read() => csv.Read();
        public int RowNumber => (int)csv.RowNumber + 1;
        public int FieldCount => csv.FieldCount;
        public string GetField(int index) => index < csv.FieldCount ? csv.GetString(index) : "";
        public IReadOnlyList<string> Warnings => [];
        public long BytesRead => stream.Position;
        public long TotalBytes => stream.Length;
        public void Dispose() { csv.Dispose(); stream.Dispose(); }
    }
}
