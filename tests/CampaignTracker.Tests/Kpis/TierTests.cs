using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Tests.Kpis;

public class TierTests
{
    [Theory]
    [InlineData(0, Tier.Nano)]
    [InlineData(9_999, Tier.Nano)]
    [InlineData(10_000, Tier.Micro)]      // exactly 10,000 is micro
    [InlineData(99_999, Tier.Micro)]
    [InlineData(100_000, Tier.Mid)]
    [InlineData(499_999, Tier.Mid)]
    [InlineData(500_000, Tier.Macro)]
    [InlineData(999_999, Tier.Macro)]
    [InlineData(1_000_000, Tier.Mega)]
    [InlineData(50_000_000, Tier.Mega)]
    public void Tiers_follow_the_follower_boundaries(long followers, Tier expected) =>
        Assert.Equal(expected, Tiers.Of(followers));

    [Fact]
    public void The_sql_rule_checks_the_highest_boundary_first() =>
        Assert.Equal("CASE WHEN f >= 1000000 THEN 'Mega' WHEN f >= 500000 THEN 'Macro' WHEN f >= 100000 THEN 'Mid' WHEN f >= 10000 THEN 'Micro' ELSE 'Nano' END",
            Tiers.SqlCase("f"));
}
