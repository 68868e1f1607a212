namespace CampaignTracker.Web.Reporting;

/// <summary>
/// Sums of count × rate over millions of rows where each row takes its influencer's rate (payout per post, per
/// revenue unit): each rate is turned once into an integer number of 10^-20 rupee, and the sums are Int128, so a row
/// costs an integer multiply-add instead of a decimal one (whose 28-digit quotients take the slow rounding path).
/// A row's product is exact to 10^-20 rupee per counted unit; the sum turns back into decimal once.
/// </summary>
public sealed class FixedRates
{
    /// <summary>10^20: one rupee in the integer unit.</summary>
    const decimal Scale = 100_000_000_000_000_000_000m;
    static readonly Int128 One = (Int128)Scale;

    readonly Int128[] rates;

    /// <param name="rates">Rupees per counted unit, below 10^8 in magnitude (decimal's range after scaling).</param>
    public FixedRates(IReadOnlyList<decimal> rates)
    {
        this.rates = new Int128[rates.Count];
        for (var i = 0; i < rates.Count; i++)
            if (rates[i] != 0) this.rates[i] = (Int128)decimal.Round(rates[i] * Scale);
    }

    public bool IsZero(int index) => rates[index] == 0;

    /// <summary>count × rate of <paramref name="index"/>, in 10^-20 rupee.</summary>
    public Int128 Times(long count, int index) => count * rates[index];

    /// <summary>A sum of <see cref="Times"/> back in rupees.</summary>
    public static decimal ToRupees(Int128 sum)
    {
        var (rupees, fraction) = Int128.DivRem(sum, One);
        return (decimal)rupees + (decimal)fraction / Scale;
    }
}
