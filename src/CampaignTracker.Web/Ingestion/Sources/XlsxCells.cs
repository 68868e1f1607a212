using System.Globalization;
using System.Text;

namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>How an XLSX cell's stored value becomes the text a CSV export of it would hold.</summary>
static class XlsxCells
{
    public enum DateKind { None, Date, Time }

    /// <summary>The 0-based column of a cell reference ("C7" → 2), or -1 when it has no column letters.</summary>
    public static int Column(ReadOnlySpan<char> reference)
    {
        var column = 0;
        var letters = 0;
        foreach (var c in reference)
        {
            var upper = (char)(c & ~0x20);
            if (upper is < 'A' or > 'Z') break;
            column = column * 26 + (upper - 'A' + 1);
            if (++letters > 3) return -1;
        }
        return letters == 0 ? -1 : column - 1;
    }

    /// <summary>
    /// A number as Excel shows it at full precision: 15 significant digits (so 0.1 + 0.2 is "0.3"), invariant,
    /// no exponent, no trailing zeros: 1234.5 stays "1234.5" and 1234 has no ".0".
    /// </summary>
    public static string Number(string raw)
    {
        if (!double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !double.IsFinite(value)) return raw.Trim();
        if (value == 0) return "0";
        var magnitude = Math.Abs(value);
        // decimal keeps 15 significant digits of a double, as Excel does; beyond its range, the double's own text.
        return magnitude is >= 1e-20 and < 7.9e27
            ? ((decimal)value).ToString("0.############################", CultureInfo.InvariantCulture)
            : value.ToString("R", CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// A date serial as "yyyy-MM-dd", or "yyyy-MM-ddTHH:mm:ss" when it has a time part (to the nearest second);
    /// a time of day alone as "HH:mm:ss". Null for a number that is no date.
    /// </summary>
    public static string? Date(double serial, bool date1904, DateKind kind)
    {
        if (!double.IsFinite(serial) || serial < 0 || serial >= 2_958_466) return null;
        var seconds = (long)Math.Round(serial * 86_400, MidpointRounding.AwayFromZero);
        if (kind == DateKind.Time && seconds < 86_400)
            return TimeSpan.FromSeconds(seconds).ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture);
        var epoch = date1904 ? new DateTime(1904, 1, 1) : new DateTime(1899, 12, 30);
        // Excel's 1900 calendar has a 29 February 1900 (serial 60): the serials before it are one day later.
        if (!date1904 && serial < 60) epoch = epoch.AddDays(1);
        var date = epoch.AddSeconds(seconds);
        if (date.Year > 9999) return null;
        return date.TimeOfDay == TimeSpan.Zero
            ? date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)
            : date.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
    }

    /// <summary>An ISO 8601 date cell (type "d") in the same form as <see cref="Date"/>.</summary>
    public static string IsoDate(string raw) =>
        DateTime.TryParse(raw, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var date)
            ? date.ToString(date.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)
            : raw.Trim();

    /// <summary>Whether a number format shows dates or times (ECMA-376 18.8.30 built-ins, or a custom code).</summary>
    public static DateKind FormatKind(int numFmtId, string? code) => numFmtId switch
    {
        _ when code is not null => CodeKind(code),
        >= 14 and <= 17 or 22 or >= 27 and <= 36 or >= 50 and <= 58 => DateKind.Date,
        >= 18 and <= 21 or 45 or 47 => DateKind.Time,
        _ => DateKind.None,
    };

    static DateKind CodeKind(string code)
    {
        var letters = new StringBuilder();
        for (var i = 0; i < code.Length; i++)
        {
            var c = code[i];
            switch (c)
            {
                case ';': i = code.Length; break;   // the first section is for positive numbers and dates
                case '"':
                    i = code.IndexOf('"', i + 1) is >= 0 and var close ? close : code.Length;
                    break;
                case '\\' or '_' or '*': i++; break;   // an escaped, space-width or fill character
                case '[':
                    var end = code.IndexOf(']', i + 1) is >= 0 and var e ? e : code.Length;
                    var inside = code.AsSpan(i + 1, end - i - 1);
                    // [h]:mm is a duration, not a time of day
                    if (inside.Length > 0 && inside.IndexOfAnyExcept("hHmMsS") < 0) return DateKind.None;
                    i = end;
                    break;
                default: letters.Append(char.ToLowerInvariant(c)); break;
            }
        }
        var text = letters.ToString().Replace("am/pm", "").Replace("a/p", "");
        if (text.Contains('y') || text.Contains('d')) return DateKind.Date;
        if (text.Contains('h') || text.Contains('s')) return DateKind.Time;
        return text.Contains('m') ? DateKind.Date : DateKind.None;
    }
}
