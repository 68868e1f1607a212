namespace CampaignTracker.Web.Ingestion;

/// <summary>One problem in an input file: where it is, what was found, what was expected.</summary>
public sealed record RowError(string File, int Row, string Column, string? Value, string Expected)
{
    public override string ToString() =>
        Row == 0
            ? Expected.StartsWith(File, StringComparison.Ordinal) ? Expected : $"{File}: {Expected}"
            : $"{File}, row {Row}, column '{Column}': {(Value is null ? "empty" : $"'{Value}'")}: expected {Expected}";
}
