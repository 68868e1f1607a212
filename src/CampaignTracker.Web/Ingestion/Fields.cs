using System.Globalization;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// Reads one row's fields by column name, collecting an error per bad value (DESIGN.md rules):
/// counts are non-negative integers, money non-negative decimals with bounded decimals, dates ISO.
/// </summary>
public sealed class Fields(string file, int row, Func<string, string?> raw, List<RowError> errors)
{
    static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-MM-ddTHH:mm:ss", "dd-MM-yyyy", "dd/MM/yyyy"];

    public string? Optional(string column) => raw(column) is { } v && v.Trim() is { Length: > 0 } t ? t : null;

    public string Text(string column, int maxLength)
    {
        var value = Optional(column);
        if (value is null) return Fail(column, null, "a value", "");
        return value.Length > maxLength ? Fail(column, value, $"at most {maxLength} characters", value) : value;
    }

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

    public long? OptionalCount(string column) => Optional(column) is null ? null : Count(column);

    /// <summary>A non-negative amount stored exactly as given: more decimals than allowed is an error, never rounded.</summary>
    public decimal Money(string column, int maxDecimals)
    {
        var value = Optional(column);
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            if (SignificantDecimals(amount) <= maxDecimals) return amount;
            return Fail(column, value, $"at most {maxDecimals} decimal places", 0m);
        }
        return Fail(column, value, "a number ≥ 0 with '.' as decimal separator", 0m);
    }

    public DateOnly Date(string column)
    {
        var value = Optional(column);
        if (DateTime.TryParseExact(value, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            return DateOnly.FromDateTime(date);
        return Fail(column, value, "a date yyyy-MM-dd", default(DateOnly));
    }

    public T Fail<T>(string column, string? value, string expected, T fallback)
    {
        errors.Add(new RowError(file, row, column, value, expected));
        return fallback;
    }

    // Dividing by 1.000… drops trailing zeros from the scale: "12.50" has one significant decimal.
    static int SignificantDecimals(decimal d) => (d / 1.000000000000000000000000000000000m).Scale;
}
