using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Tests.Reporting;

public class PersonaTests
{
    static InfluencerRow Row(int id, string category, decimal revenue, decimal payout) =>
        new(id, $"I{id}", $"Influencer {id}", "Instagram", category, Tier.Micro, "Female", 50_000, 1, 1_000, 100, 1, revenue, payout, 0.30m);

    [Fact]
    public void A_persona_needs_at_least_five_influencers()
    {
        var rows = Enumerable.Range(1, 5).Select(i => Row(i, "Fitness", 1_300, 100))
            .Concat(Enumerable.Range(6, 4).Select(i => Row(i, "Health", 13_000, 100)));

        var persona = Assert.Single(InsightsQuery.Personas(rows, 0.30m));
        Assert.Equal(("Fitness", 5), (persona.Category, persona.Influencers));
    }

    [Fact]
    public void Personas_rank_by_iroas_of_their_sums()
    {
        var rows = Enumerable.Range(1, 5).Select(i => Row(i, "Fitness", 1_300, 100))       // (6,500 − 5,000) / 500 = 3
            .Concat(Enumerable.Range(6, 5).Select(i => Row(i, "Health", 13_000, i == 6 ? 3_000 : 0)));   // (65,000 − 50,000) / 3,000 = 5

        var personas = InsightsQuery.Personas(rows, 0.30m);

        Assert.Equal(["Health", "Fitness"], personas.Select(p => p.Category));
        Assert.Equal(5m, personas[0].Iroas);
        Assert.Equal(13_000m, personas[0].RevenuePerInfluencer);
    }
}
