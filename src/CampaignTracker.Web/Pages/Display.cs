using System.Globalization;

namespace CampaignTracker.Web.Pages;

/// <summary>How numbers read on screen; an undefined ratio (null) is "—" (DESIGN.md, Formulas).</summary>
public static class Display
{
    const string Undefined = "—";
    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>"₹1,234.50", and "−₹146.31" for a negative amount (the sign before the symbol, as finance writes it).</summary>
    public static string Rupees(decimal amount) => (amount < 0 ? "−₹" : "₹") + Math.Abs(amount).ToString("N2", Invariant);

    /// <summary>An amount that may be undefined (a ratio in rupees, e.g. CPE).</summary>
    public static string Rupees2(decimal? amount) => amount is { } a ? Rupees(a) : Undefined;

    public static string Count(long n) => n.ToString("N0", Invariant);

    public static string Ratio(decimal? value, int decimals = 2) => value is { } v ? v.ToString("N" + decimals, Invariant) : Undefined;

    public static string Bytes(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => (bytes / 1024m).ToString("N1", Invariant) + " KB",
        _ => (bytes / (1024m * 1024)).ToString("N1", Invariant) + " MB",
    };

    /// <summary>The first <paramref name="length"/> characters and "…" when the text is longer (the page offers the whole text beside it).</summary>
    public static string Shortened(string text, int length)
    {
        if (text.Length <= length) return text;
        if (char.IsHighSurrogate(text[length - 1])) length--;   // never half a character
        return text[..length].TrimEnd() + "…";
    }

    public static string Percent(decimal? value, int decimals = 2) => value is { } v ? v.ToString("N" + decimals, Invariant) + "%" : Undefined;
}

/// <summary>A ratio's inputs in the current slice, for the title (tooltip) of the cell that shows it.</summary>
public static class Explain
{
    public static string Roas(decimal revenue, decimal payout) => $"ROAS = revenue ÷ payout = {Display.Rupees(revenue)} ÷ {Display.Rupees(payout)}";

    public static string Iroas(decimal revenue, decimal payout, decimal lift) =>
        $"iROAS = incremental revenue ÷ payout = ({Display.Rupees(revenue)} − {Display.Rupees(revenue)} ÷ {1 + lift:0.##}) ÷ {Display.Rupees(payout)} = {Display.Rupees(Kpis.Kpi.IncrementalRevenue(revenue, lift))} ÷ {Display.Rupees(payout)}";

    public static string Roi(decimal revenue, decimal payout, decimal lift) =>
        $"ROI = (incremental revenue − payout) ÷ payout × 100 = ({Display.Rupees(Kpis.Kpi.IncrementalRevenue(revenue, lift))} − {Display.Rupees(payout)}) ÷ {Display.Rupees(payout)} × 100";

    public static string Err(long engagements, long reach) => $"ERR = (likes + comments) ÷ reach × 100 = {Display.Count(engagements)} ÷ {Display.Count(reach)} × 100";
}
