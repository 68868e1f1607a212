using System.Globalization;
using CampaignTracker.Web.Ingestion.Sources;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// Reads the fields of a file's current row by column name, adding an error per bad value
/// (DESIGN.md rules): counts are non-negative integers, money non-negative decimals with bounded
/// decimals, dates ISO (or day-first when the whole file is unambiguous).
/// </summary>
public sealed class Fields(string file, ITableSource source, IReadOnlyDictionary<string, int> columns, ErrorLog errors)
{
    public string File => file;
    public int Row => source.RowNumber;
    public DayFirstDates DayFirst { get; } = new(file);

    public string? Optional(string column) =>
        columns.TryGetValue(column, out var i) && source.GetField(i).Trim() is { Length: > 0 } t ? t : null;

    public string Text(string column, int maxLength)
    {
        var value = Optional(column);
        if (value is null) return Fail(column, null, "a value", "");
        return value.Length > maxLength ? Fail(column, value, $"at most {maxLength} characters", value) : value;
    }

    /// <summary>
    /// A name, label or code: plain text that no spreadsheet would run as a formula (OWASP CSV injection)
    /// and no browser as markup. Free text such as a caption is kept as it is and neutralised on output.
    /// </summary>
    public string Label(string column, int maxLength) => PlainOrFail(column, Text(column, maxLength));

    public string? OptionalLabel(string column, int maxLength) => OptionalText(column, maxLength) is { } value ? PlainOrFail(column, value) : null;

    string PlainOrFail(string column, string value) =>
        value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            ? Fail(column, value, "plain text, not starting with =, +, - or @ (a spreadsheet would run it as a formula)", value)
            : value.AsSpan().IndexOfAny('<', '>') >= 0
                ? Fail(column, value, "plain text without < or >", value)
                : value;

    public string? OptionalText(string column, int maxLength)
    {
        var value = Optional(column);
        return value is { Length: var n } && n > maxLength ? Fail(column, value, $"at most {maxLength} characters", value) : value;
    }

    public long Count(string column, long min = 0)
    {
        var value = Optional(column);
        if (long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min) return n;
        return Fail(column, value, min == 0 ? "a whole number ≥ 0" : $"a whole number ≥ {min}", 0L);
    }

    public int SmallCount(string column, long min = 0) => (int)Math.Min(Count(column, min), int.MaxValue);

    public int? OptionalSmallCount(string column) => Optional(column) is null ? null : SmallCount(column);

    /// <summary>A non-negative amount stored exactly as given: more decimals than allowed is an error, never rounded.</summary>
    public decimal Money(string column, int maxDecimals)
    {
        var value = Optional(column);
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount) && amount < 10_000_000_000_000_000m)
        {
            if (SignificantDecimals(amount) <= maxDecimals) return amount;
            return Fail(column, value, $"at most {maxDecimals} decimal places", 0m);
        }
        return Fail(column, value, "a number ≥ 0 with '.' as decimal separator", 0m);
    }

    public DateOnly Date(string column)
    {
        var value = Optional(column);
        if (DateTime.TryParseExact(value, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            return DateOnly.FromDateTime(iso);
        if (value is not null && DayFirst.TryParse(value, Row, out var dayFirst)) return dayFirst;
        return Fail(column, value, "a date yyyy-MM-dd", default(DateOnly));
    }

    public T Fail<T>(string column, string? value, string expected, T fallback)
    {
        errors.Add(new RowError(file, Row, column, value, expected));
        return fallback;
    }

    static readonly string[] IsoFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss"];

    // Dividing by 1.000… drops trailing zeros from the scale: "12.50" has one significant decimal.
    static int SignificantDecimals(decimal d) => (d / 1.000000000000000000000000000000000m).Scale;
}

/// <summary>
/// dd-MM-yyyy and dd/MM/yyyy are read day first, but only when the file proves that order: some
/// date must have a day above 12 and none a "month" above 12 (DESIGN.md, dates). Decided at the end
/// of the file; until then values are read day first and the upload is rolled back if that was wrong.
/// </summary>
public sealed class DayFirstDates(string file)
{
    static readonly string[] Formats = ["dd-MM-yyyy", "dd/MM/yyyy", "d-M-yyyy", "d/M/yyyy"];
    int? firstRow, provingRow, contradictingRow;
    string? firstValue, contradictingValue;

    public bool TryParse(string value, int row, out DateOnly date)
    {
        date = default;
        var parts = value.Split('-', '/');
        if (parts.Length != 3 || !int.TryParse(parts[0], out var first) || !int.TryParse(parts[1], out var second)) return false;
        if (second > 12 && first <= 12)
        {
            // Month first: one error for the file at the end (Verdict), not one per row.
            contradictingRow ??= row;
            contradictingValue ??= value;
            return true;
        }
        if (!DateTime.TryParseExact(value, Formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        firstRow ??= row;
        firstValue ??= value;
        if (parsed.Day > 12) provingRow ??= row;
        date = DateOnly.FromDateTime(parsed);
        return true;
    }

    /// <summary>The error that the file's day-first dates deserve, if any.</summary>
    public RowError? Verdict(string column) =>
        contradictingRow is { } c
            ? new RowError(file, c, column, contradictingValue, "dates as yyyy-MM-dd: this one reads month first (MM/dd/yyyy), which is ambiguous with day first")
            : firstRow is { } f && provingRow is null
                ? new RowError(file, f, column, firstValue, $"dates as yyyy-MM-dd: no date in the file has a day above 12, so '{firstValue}' could be day or month first")
                : null;
}
