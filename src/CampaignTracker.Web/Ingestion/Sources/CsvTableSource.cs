using CsvHelper;

namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>
/// A CSV file read with CsvHelper, streaming: its 64 KiB buffer is all it holds, whatever the file size.
/// The separator (comma, semicolon, tab or pipe) is detected by CsvHelper from the first lines, quote-aware;
/// an Excel "sep=;" first line is honoured. Row numbers are physical line numbers.
/// </summary>
sealed class CsvTableSource : ITableSource
{
    /// <summary>No real row is this long; an unclosed quote is (it runs to the end of the file).</summary>
    const int MaxRecordBytes = 1024 * 1024;

    readonly string fileName;
    readonly IngestionLimits limits;
    readonly FileStream stream;
    readonly CsvReader csv;
    readonly List<string> warnings;
    readonly List<long> oddQuoteLines = [];
    int oddQuoteRows;
    long? unclosedQuoteLine;
    long rows;
    bool finished;

    CsvTableSource(string path, string fileName, IngestionLimits limits, List<string> warnings)
    {
        this.fileName = fileName;
        this.limits = limits;
        this.warnings = warnings;
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
        try
        {
            var encoding = TextEncodings.Detect(stream, fileName, warnings);
            csv = CsvReader.Create(stream, new CsvReaderOptions
            {
                Encoding = encoding,
                TrackLineNumbers = true,
                // People type "a, b" and `1, "x, y"`: trimming lets a quote after a space open a quoted value.
                TrimWhitespace = true,
                MaxRecordSize = MaxRecordBytes,
                OnMalformedRecord = Malformed,
            }, leaveOpen: false);
            Headers = ReadHeader();
        }
        catch
        {
            if (csv is not null) csv.Dispose();   // returns its buffers and closes the stream
            else stream.Dispose();
            throw;
        }
    }

    public static CsvTableSource Open(string path, string fileName, IngestionLimits limits, List<string> warnings) =>
        new(path, fileName, limits, warnings);

    public IReadOnlyList<string> Headers { get; }
    public int RowNumber { get; private set; }
    public int FieldCount => RowNumber == 0 || finished ? 0 : csv.FieldCount;
    public IReadOnlyList<string> Warnings => warnings;
    public long BytesRead => finished ? TotalBytes : stream.Position;
    public long TotalBytes => stream.Length;

    public string GetField(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return index < FieldCount ? csv.GetString(index) : "";
    }

    public bool Read()
    {
        if (finished) return false;
        while (true)
        {
            var more = Guarded(csv.Read);
            if (!more)
            {
                finished = true;
                RowNumber = 0;
                if (oddQuoteRows > 0)
                    warnings.Add($"{fileName}: stray quotes (\") in {oddQuoteRows} row(s), kept as text, e.g. line {string.Join(", ", oddQuoteLines)}; check those values");
                return false;
            }
            if (IsBlank()) continue;
            if (++rows > limits.MaxRows)
                throw new UnreadableFileException(
                    $"{fileName} has more than {limits.MaxRows:N0} data rows (line {csv.LineNumber} is past it); the limit is {limits.MaxRows:N0} rows (Ingestion:MaxRows). Split the file.");
            RowNumber = checked((int)csv.LineNumber);
            return true;
        }
    }

    public void Dispose() => csv.Dispose();

    IReadOnlyList<string> ReadHeader()
    {
        Guarded(() => { csv.ReadHeader(); return true; });
        var headers = csv.Headers.Select(h => h.TrimStart('\uFEFF')).ToArray();
        if (headers.Length == 0)
            throw new UnreadableFileException($"{fileName} is empty; expected a header row with the column names, then one row per record.");
        if (headers.All(string.IsNullOrWhiteSpace))
            throw new UnreadableFileException($"{fileName} has no header: its first row has no column names; expected the column names in the first row.");
        return headers;
    }

    /// <summary>A read from CsvHelper, turning what would come out as garbage rows into a refusal.</summary>
    bool Guarded(Func<bool> read)
    {
        bool more;
        try
        {
            more = read();
        }
        catch (CsvFormatException e) when (e.Message.Contains(nameof(CsvReaderOptions.MaxRecordSize), StringComparison.Ordinal))
        {
            throw new UnreadableFileException(
                $"{fileName}, line {e.LineNumber}: a row longer than {Sizes.Format(MaxRecordBytes)} starts here; a quote (\") is probably not closed. Close it and upload the file again.");
        }
        catch (CsvFormatException e)
        {
            throw new UnreadableFileException($"{fileName}, line {e.LineNumber}: {e.Message}");
        }
        if (unclosedQuoteLine is { } line)
            throw new UnreadableFileException(
                $"{fileName}, line {line}: a quote (\") opened here is never closed, so the rest of the file would read as one value; close it (write \"\" for a quote inside a quoted value) and upload the file again.");
        return more;
    }

    void Malformed(CsvMalformedRecord record)
    {
        if (record.Reason == CsvMalformedReason.UnterminatedQuote) unclosedQuoteLine ??= record.LineNumber;
        else if (record.Reason is CsvMalformedReason.StrayQuote or CsvMalformedReason.TextAfterClosingQuote)
        {
            oddQuoteRows++;
            if (oddQuoteLines.Count < 5) oddQuoteLines.Add(record.LineNumber);
        }
    }

    bool IsBlank()
    {
        for (var i = 0; i < csv.FieldCount; i++)
            if (!csv.IsEmpty(i)) return false;
        return true;
    }
}
