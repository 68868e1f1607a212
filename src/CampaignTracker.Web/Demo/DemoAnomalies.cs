namespace CampaignTracker.Web.Demo;

/// <summary>
/// The anomalies the demo data plants (issue 14), one of each rule that judges single subjects, so the alert rules
/// have known true positives (DemoDataGeneratorTests checks each statistic on the files). Every file keeps its row
/// count: only values of rows that were drawn anyway change, and every other row keeps its bytes.
/// <list type="bullet">
/// <item>Order concentration: 3 in 5 tracking rows of <see cref="ConcentratedInfluencer"/> get the user
/// <see cref="ConcentratedUser"/> (about 60% of their orders; the rule: one user above 30% of at least 20 orders).</item>
/// <item>Implausible engagement: the likes and comments of every post of <see cref="EngagementInfluencer"/>, in the
/// largest persona (category, gender, platform, tier), are multiplied by <see cref="EngagementFactor"/>: ln ERR about
/// 3 above the persona's median, where its robust spread (1.4826 × MAD) is about 0.2 (the rule: robust z above 3.5).</item>
/// <item>iROAS collapse: the revenue of <see cref="CollapsedCampaign"/>'s rows dated from <see cref="CollapseFrom"/>
/// (the last <see cref="CollapseDays"/> days) is cut to <see cref="CollapseShare"/> of what was drawn; its orders,
/// hence its order-basis payout, stay.</item>
/// <item>Spend spike: on <see cref="SpikeDay"/> the orders of <see cref="SpikeCampaign"/>'s rows of order-basis
/// influencers are multiplied by <see cref="SpikeFactor"/>: that day's earned payout far above median + 4 × MAD of
/// the 28 days before.</item>
/// </list>
/// Planted values leave the seed's ranges on purpose (likes above 10,000, revenue under ₹20, orders above 9).
/// </summary>
public sealed record DemoAnomalies(
    int ConcentratedInfluencer, string ConcentratedUser,
    int EngagementInfluencer, string EngagementPersona, int EngagementPersonaSize,
    string CollapsedCampaign, DateOnly CollapseFrom,
    string SpikeCampaign, DateOnly SpikeDay)
{
    public const string PlantedUser = "user_1";
    public const int EngagementFactor = 20;
    public const string PlantedCollapseCampaign = "Campaign_3";
    public const int CollapseDays = 10;
    public const decimal CollapseShare = 0.05m;
    public const string PlantedSpikeCampaign = "Campaign_7";
    public const int SpikeDaysBeforeAsOf = 5;
    public const int SpikeFactor = 4;

    /// <summary>What <see cref="DemoDataGenerator.Write"/> plants for these options (ids are the files' influencer ids).</summary>
    public static DemoAnomalies Of(DemoOptions options) =>
        DemoDataGenerator.Plan(options, options.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow)).Anomalies;
}
