namespace CampaignTracker.Web.Kpis;

/// <summary>
/// Money in snapshot tables: whole units of 1/10,000 rupee, so that SQL can sum it exactly on
/// SQLite (which keeps decimal as TEXT) and rate (4 decimals) × orders stays exact.
/// </summary>
public static class Money
{
    public const long UnitsPerRupee = 10_000;

    public static long ToUnits(decimal rupees) => (long)decimal.Round(rupees * UnitsPerRupee, MidpointRounding.AwayFromZero);

    public static decimal FromUnits(long units) => (decimal)units / UnitsPerRupee;
}
