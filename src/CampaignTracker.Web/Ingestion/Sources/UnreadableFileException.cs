namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>
/// The file as a whole cannot be read as a table: too big, not a CSV or XLSX, damaged, empty, a zip bomb.
/// The message names the file and says what was expected, for the person who uploaded it.
/// </summary>
public sealed class UnreadableFileException(string message) : Exception(message);
