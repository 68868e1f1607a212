namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>
/// The rows of one uploaded table (a CSV file or a sheet of an XLSX workbook), read one at a time so that
/// memory does not grow with the file. Open one with <see cref="TableSources.Open"/>.
/// </summary>
public interface ITableSource : IDisposable
{
    /// <summary>The column names of the header row as written in the file (byte order mark removed).</summary>
    IReadOnlyList<string> Headers { get; }

    /// <summary>Moves to the next data row, passing over empty rows; false at the end of the table.</summary>
    /// <exception cref="UnreadableFileException">The file cannot be read further (e.g. too many rows, an unclosed quote).</exception>
    bool Read();

    /// <summary>
    /// The current row as a person finds it in a spreadsheet or text editor: the header is row 1 (when it is on
    /// the first line), the first data row is 2, and a value that spans lines does not shift later rows. 0 before
    /// the first <see cref="Read"/>.
    /// </summary>
    int RowNumber { get; }

    /// <summary>The number of fields in the current row; it may differ from the header's.</summary>
    int FieldCount { get; }

    /// <summary>The field at <paramref name="index"/> of the current row; "" when the row is shorter.</summary>
    string GetField(int index);

    /// <summary>What the reader noticed that does not stop reading (a guessed encoding, the sheet it chose...).</summary>
    IReadOnlyList<string> Warnings { get; }

    /// <summary>How far reading has got, in the same unit as <see cref="TotalBytes"/>: for progress, without counting rows first.</summary>
    long BytesRead { get; }

    /// <summary>The size that <see cref="BytesRead"/> reaches at the end: the file's for CSV, the sheet's (uncompressed) for XLSX.</summary>
    long TotalBytes { get; }
}
