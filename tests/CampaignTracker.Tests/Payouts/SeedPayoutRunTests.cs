using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Payouts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CampaignTracker.Tests.Payouts;

/// <summary>Issue 15's closing figures: a run over the seed's whole period, against the payouts page of the same view.</summary>
[Collection(AppCollection.Name)]
public class SeedPayoutRunTests(SeedApp app, ITestOutputHelper output) : IClassFixture<SeedApp>
{
    [Fact]
    public async Task A_run_over_the_seeds_whole_period_pays_what_the_payouts_page_shows_as_earned()
    {
        using var scope = app.Services.CreateScope();
        var sp = scope.ServiceProvider;
        var db = sp.GetRequiredService<CampaignDbContext>();
        var (from, to) = (await db.TrackingRows.MinAsync(t => t.Date), await db.TrackingRows.MaxAsync(t => t.Date));
        var first = await db.Posts.MinAsync(p => p.Date);
        var last = await db.Posts.MaxAsync(p => p.Date);
        (from, to) = (first < from ? first : from, last > to ? last : to);
        var admin = await sp.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>()
            .CreateAsync((await sp.GetRequiredService<UserManager<AppUser>>().FindByEmailAsync(AppFactory.AdminEmail))!);

        var created = await sp.GetRequiredService<PayoutRunTransitions>().CreateAsync(admin, from, to, null, CancellationToken.None);
        Assert.True(created.Done, created.Message);
        var run = await db.PayoutRuns.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.Id == created.RunId);
        var earned = run.Lines.Sum(l => l.Earned);
        var declared = run.Lines.Sum(l => l.Declared ?? 0);
        var beyond = run.Lines.Count(l => l.Declared is { } d && new Reconciliation(l.Earned, d).Flagged);
        output.WriteLine($"run #{run.Id} {from}..{to}: {run.Lines.Count} lines, earned {earned}, declared {declared}, beyond tolerance {beyond}");

        // DESIGN.md, Payout: the seed's earned cost is ₹1,146,677.02 and its declared ₹351,303.22, over 500 influencers.
        Assert.Equal(500, run.Lines.Count);
        Assert.Equal(1_146_677.02m, earned);
        Assert.Equal(351_303.22m, declared);
        Assert.Equal(500, beyond);   // every declared payout differs from the earned one (as the payouts page flags them)
        Assert.Equal(earned, run.Lines.Sum(l => l.Amount));   // nothing overridden: the amount to pay is the earned one
    }
}
