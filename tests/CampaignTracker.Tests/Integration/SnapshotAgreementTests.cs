using System.Net.Http.Json;
using System.Text.Json;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Kpis;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

/// <summary>The app with the demo data (seed 42, scale 1) ingested through the normal pipeline.</summary>
public class DemoApp : AppFactory, IAsyncLifetime
{
    public async Task InitializeAsync()
    {
        var folder = Path.Combine(DataDirectory, "demo-input");
        var files = DemoDataGenerator.Write(folder, new DemoOptions(AsOf: new DateOnly(2026, 6, 30)));
        Assert.Equal(UploadStatus.Succeeded, (await Ingest.FilesAsync(this, [.. files.All])).Status);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>
/// Issue 4: the numbers pages show through the snapshots equal a direct computation of DESIGN.md's rules from the
/// raw rows (tracking rows, posts, payouts), written here independently, for several filter sets.
/// </summary>
[Collection(AppCollection.Name)]
public class SnapshotAgreementTests(DemoApp app) : IClassFixture<DemoApp>
{
    sealed record Raw(List<TrackingRow> Sales, List<Post> Posts, Dictionary<int, Payout> Payouts, Dictionary<int, Influencer> Influencers,
        Dictionary<int, string> Brands);

    Raw LoadRaw() => app.Using(sp =>
    {
        var db = sp.GetRequiredService<CampaignDbContext>();
        return new Raw(db.TrackingRows.AsNoTracking().ToList(), db.Posts.AsNoTracking().ToList(),
            db.Payouts.AsNoTracking().ToDictionary(p => p.InfluencerId), db.Influencers.AsNoTracking().ToDictionary(i => i.Id),
            db.Brands.AsNoTracking().ToDictionary(b => b.Id, b => b.Name));
    });

    /// <summary>DESIGN.md, Payout, from raw rows: earned = rate × orders (order basis, per row) or rate × posts in range
    /// spread by the influencer's revenue share in the range when sales are cut; declared spread by all-time revenue share.</summary>
    static (decimal Revenue, long Orders, decimal Earned, decimal Declared, long Reach) Expected(
        Raw raw, DateOnly? from, DateOnly? to, Func<TrackingRow, bool> cut, Func<Influencer, bool> picks, bool isCut, Func<Post, bool>? postPicks = null)
    {
        bool InRange(DateOnly d) => (from is null || d >= from) && (to is null || d <= to);
        var ranged = raw.Sales.Where(s => InRange(s.Date) && picks(raw.Influencers[s.InfluencerId])).ToList();
        var slice = ranged.Where(cut).ToList();
        decimal earned = 0, declared = 0;
        foreach (var influencer in raw.Influencers.Values.Where(picks))
        {
            var mine = slice.Where(s => s.InfluencerId == influencer.Id).ToList();
            if (isCut && mine.Count == 0) continue;
            if (!raw.Payouts.TryGetValue(influencer.Id, out var payout)) continue;
            var revenue = mine.Sum(s => s.Revenue);
            if (payout.Basis == PayoutBasis.Order) earned += mine.Sum(s => payout.Rate * s.Orders);
            else
            {
                var postCost = payout.Rate * raw.Posts.Count(p => p.InfluencerId == influencer.Id && InRange(p.Date));
                var rangeRevenue = ranged.Where(s => s.InfluencerId == influencer.Id).Sum(s => s.Revenue);
                earned += !isCut ? postCost : rangeRevenue == 0 ? 0 : postCost * revenue / rangeRevenue;
            }
            var allRevenue = raw.Sales.Where(s => s.InfluencerId == influencer.Id).Sum(s => s.Revenue);
            declared += !isCut && from is null && to is null ? payout.TotalPayout : allRevenue == 0 ? 0 : payout.TotalPayout * revenue / allRevenue;
        }
        var sellers = slice.Select(s => s.InfluencerId).ToHashSet();
        postPicks ??= p => picks(raw.Influencers[p.InfluencerId]);
        var reach = raw.Posts.Where(p => InRange(p.Date) && postPicks(p) && (!isCut || sellers.Contains(p.InfluencerId))).Sum(p => p.Reach);
        return (slice.Sum(s => s.Revenue), slice.Sum(s => (long)s.Orders), decimal.Round(earned, 2), decimal.Round(declared, 2), reach);
    }

    async Task<(decimal Revenue, long Orders, decimal Earned, decimal Declared, long Reach)> ActualAsync(string query)
    {
        var client = await app.AdminAsync();
        var earned = await client.GetFromJsonAsync<JsonElement>("/api/kpis?cost=earned&" + query);
        var declared = await client.GetFromJsonAsync<JsonElement>("/api/kpis?cost=declared&" + query);
        return (earned.GetProperty("revenue").GetDecimal(), earned.GetProperty("orders").GetInt64(), earned.GetProperty("payout").GetDecimal(),
            declared.GetProperty("payout").GetDecimal(), earned.GetProperty("reach").GetInt64());
    }

    [Fact]
    public async Task All_data() =>
        Assert.Equal(Expected(LoadRaw(), null, null, _ => true, _ => true, isCut: false), await ActualAsync(""));

    [Fact]
    public async Task A_date_range()
    {
        var (from, to) = (new DateOnly(2026, 4, 1), new DateOnly(2026, 5, 15));
        Assert.Equal(Expected(LoadRaw(), from, to, _ => true, _ => true, isCut: false), await ActualAsync("from=2026-04-01&to=2026-05-15"));
    }

    [Fact]
    public async Task A_brand_and_a_date_range()
    {
        var raw = LoadRaw();
        var brand = raw.Brands.Single(b => b.Value == "MuscleBlaze").Key;
        var (from, to) = (new DateOnly(2026, 3, 1), new DateOnly(2026, 6, 30));
        Assert.Equal(Expected(raw, from, to, s => s.BrandId == brand, _ => true, isCut: true), await ActualAsync("brand=MuscleBlaze&from=2026-03-01&to=2026-06-30"));
    }

    [Fact]
    public async Task Influencer_kinds()
    {
        // DESIGN.md, Filters: platform is the influencer's primary one for sales and payouts, the post's own for reach.
        var raw = LoadRaw();
        bool Micro(Influencer i) => Tiers.Of(i.FollowerCount) is Tier.Micro or Tier.Mid;
        Assert.Equal(Expected(raw, null, null, _ => true, i => i.Platform == "Instagram" && Micro(i), isCut: false,
                p => p.Platform == "Instagram" && Micro(raw.Influencers[p.InfluencerId])),
            await ActualAsync("platform=Instagram&tier=Micro&tier=Mid"));
    }

    [Fact]
    public async Task Each_campaign_revenue_and_orders()
    {
        var raw = LoadRaw();
        var rows = await (await app.AdminAsync()).GetFromJsonAsync<JsonElement[]>("/api/campaigns");

        var expected = raw.Sales.GroupBy(s => s.Campaign).ToDictionary(g => g.Key, g => (g.Sum(s => s.Revenue), g.Sum(s => (long)s.Orders)));
        var actual = rows!.ToDictionary(r => r.GetProperty("campaign").GetString()!, r => (r.GetProperty("revenue").GetDecimal(), r.GetProperty("orders").GetInt64()));
        Assert.Equal(expected, actual);
        // Campaigns hold all payout of influencers who sold (unallocated post costs of those who did not are not in any);
        // each campaign's payout is rounded to the paisa.
        var allocated = Expected(raw, null, null, _ => true, _ => true, isCut: true).Earned;
        Assert.InRange(rows!.Sum(r => r.GetProperty("payout").GetDecimal()), allocated - 0.05m, allocated + 0.05m);
    }
}
