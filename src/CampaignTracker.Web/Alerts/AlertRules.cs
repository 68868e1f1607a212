namespace CampaignTracker.Web.Alerts;

/// <summary>The rules of issue 14, by the names stored on each alert (Alert.Rule) and shown on the Alerts page.</summary>
public static class AlertRules
{
    public const string IroasUnderTarget = "iroas-under-target";
    public const string PayoutDiscrepancy = "payout-discrepancy";
    public const string StaleData = "stale-data";
    public const string SpendSpike = "spend-spike";
    public const string RevenueDrop = "revenue-drop";
    public const string ImplausibleEngagement = "implausible-engagement";
    public const string OrderConcentration = "order-concentration";

    /// <summary>Rule name → its title on the page, in the order the page lists them.</summary>
    public static readonly IReadOnlyDictionary<string, string> Titles = new Dictionary<string, string>
    {
        [IroasUnderTarget] = "iROAS under target",
        [PayoutDiscrepancy] = "Payout discrepancy",
        [StaleData] = "Stale data",
        [SpendSpike] = "Spend spike",
        [RevenueDrop] = "Revenue drop",
        [ImplausibleEngagement] = "Implausible engagement",
        [OrderConcentration] = "Order concentration",
    };

    /// <summary>The rules whose open alerts flag an influencer where the numbers are (Influencers, Insights, detail pages).</summary>
    public static readonly IReadOnlySet<string> FlagInfluencer = new HashSet<string> { ImplausibleEngagement, OrderConcentration };
}
