using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Api;

/// <summary>GET /api/kpis: the overview's KPI cards as JSON, same filters (KpiFilters), same scope, same authorization.</summary>
public static class KpiApi
{
    public sealed record KpisResponse(
        decimal Revenue, long Orders, decimal Payout, string CostBasis, decimal? Roas, decimal IncrementalRevenue,
        decimal? Iroas, decimal? Roi, decimal? Err, decimal Lift, long Reach, long Engagements, decimal? Aov, decimal? Cpe, decimal? Cpm,
        KpisResponse? Previous = null)
    {
        /// <summary>The KPI cards as JSON; with a date range, <paramref name="previous"/> is the period of the same length before it.</summary>
        public static KpisResponse From(OverviewKpis k, OverviewKpis? previous = null) =>
            new(k.Revenue, k.Orders, k.Payout, k.CostBasis.ToString().ToLowerInvariant(), k.Roas, k.IncrementalRevenue, k.Iroas, k.RoiPercent,
                k.ErrPercent, k.Lift, k.Reach, k.Engagements, k.Aov, k.Cpe, k.Cpm, previous is null ? null : From(previous));
    }

    public sealed record CampaignResponse(string Campaign, decimal Revenue, long Orders, int Influencers, decimal Payout, decimal? Roas, decimal? Iroas, decimal? Roi);

    public static void MapKpiApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/campaigns", async (HttpContext http, string? cost, string? sort, string? dir, [AsParameters] KpiFilters filters,
            Reports reports, CampaignsQuery campaigns, CancellationToken ct) =>
            await ForViewerAsync(http, cost, filters, reports, ct, async view =>
            {
                var rows = await campaigns.RunAsync(view, sort, dir == "desc", ct);
                return Results.Ok(rows.Select(r => new CampaignResponse(r.Campaign, r.Revenue, r.Orders, r.Influencers, r.Payout, r.Roas, r.Iroas, r.RoiPercent)));
            }));
        app.MapGet("/api/influencers", async (HttpContext http, string? cost, string? q, string? sort, string? dir, int? p, [AsParameters] KpiFilters filters,
            Reports reports, InfluencersQuery influencers, InfluencerFlags flags, CancellationToken ct) =>
            await ForViewerAsync(http, cost, filters, reports, ct, async view =>
            {
                var result = await influencers.RunAsync(view, q, sort, dir == "desc", p ?? 1, ct);
                var flagSet = await flags.CurrentAsync(ct);
                return Results.Ok(new
                {
                    total = result.Total, page = result.Page, pageSize = result.PageSize,
                    rows = result.Rows.Select(r => new
                    {
                        id = r.ExternalId, r.Name, r.Platform, r.Category, tier = r.Tier.ToString(), r.Gender, r.Followers, r.Posts, r.Reach,
                        err = r.ErrPercent, r.Orders, r.Revenue, r.Payout, r.Roas, r.Iroas, flags = flagSet.Titles(r.Id),
                    }),
                });
            }));
        app.MapGet("/api/insights", async (HttpContext http, string? cost, decimal? lift, decimal? minPayout, long? minOrders, string? flagged,
            [AsParameters] KpiFilters filters, Reports reports, InsightsQuery insights, InfluencerFlags flags, CancellationToken ct) =>
            await ForViewerAsync(http, cost, filters, reports, ct, async view =>
            {
                if (InsightsParameters.Error(lift, minPayout, minOrders, flagged) is { } error)
                    return Results.Problem(error, statusCode: StatusCodes.Status400BadRequest);
                view = InsightsParameters.WithLift(view, lift);
                var flagSet = await flags.CurrentAsync(ct);
                var leaveOut = InsightsParameters.LeavesOutFlagged(flagged);
                var d = await insights.RunAsync(view, InsightsParameters.Rule(minPayout, minOrders), leaveOut ? flagSet : null, ct);
                object Influencer(InfluencerRow r) => new
                {
                    id = r.ExternalId, r.Name, r.Revenue, r.Orders, r.Payout, r.Iroas, err = r.ErrPercent,
                    moneyLost = Kpi.MoneyLost(r.Revenue, r.Payout, view.Lift), flags = flagSet.Titles(r.Id),
                };
                object BreakEvenOf(BreakEven b) => new { name = b.Name, b.Revenue, b.Payout, iroas = Kpi.Iroas(b.Revenue, b.Payout, view.Lift), breakEvenLift = b.Lift };
                return Results.Ok(new
                {
                    lift = view.Lift, costBasis = view.Basis.ToString().ToLowerInvariant(),
                    iroasRule = new { d.Rule.MinPayout, d.Rule.MinOrders },
                    flagged = leaveOut ? "exclude" : "include", flaggedLeftOut = d.LeftOut,
                    topByRevenue = d.TopByRevenue.Select(Influencer), topByIroas = d.TopByIroas.Select(Influencer), topByErr = d.TopByErr.Select(Influencer),
                    personas = d.Personas.Select(p => new { p.Category, p.Gender, p.Platform, tier = p.Tier.ToString(), p.Influencers, p.Revenue, p.RevenuePerInfluencer, p.Payout, p.Iroas, err = p.ErrPercent }),
                    poorInfluencers = d.PoorInfluencers.Select(Influencer),
                    poorCampaigns = d.PoorCampaigns.Select(c => new { c.Campaign, c.Revenue, c.Payout, c.Iroas, moneyLost = Kpi.MoneyLost(c.Revenue, c.Payout, view.Lift) }),
                    breakEven = new { slice = BreakEvenOf(d.Slice), campaigns = d.Campaigns.Select(BreakEvenOf) },
                    scatter = d.Scatter,
                });
            }));
        app.MapGet("/api/posts", async (HttpContext http, string? cost, string? q, string? sort, string? dir, int? p, [AsParameters] KpiFilters filters,
            Reports reports, PostsQuery posts, CampaignDbContext db, CancellationToken ct) =>
            await ForViewerAsync(http, cost, filters, reports, ct, async view =>
            {
                var d = await posts.RunAsync(view, ct);
                var list = PostList.From(q, sort, dir);
                var page = await posts.PageAsync(view, list, p ?? 1, ct);
                var texts = await PostText.ForAsync(db, d.Top.Concat(page.Rows).Select(r => r.Id).Distinct(), ct);
                object Totals(PostTotals t) => new { label = t.Label, t.Posts, t.Reach, t.Likes, t.Comments, t.Engagements, err = t.ErrPercent };
                // The top posts' fields as they always were, then the ones the post list added.
                object Post(ListedPost r) => new
                {
                    influencerId = r.InfluencerId, influencer = r.Influencer, r.Platform, date = r.Date, url = texts.GetValueOrDefault(r.Id)?.Url,
                    caption = texts.GetValueOrDefault(r.Id)?.Caption, r.Reach, r.Likes, r.Comments, err = r.ErrPercent,
                    id = r.Id, r.Engagements, aboveReach = r.AboveReach,
                };
                return Results.Ok(new
                {
                    total = Totals(d.Total), byPlatform = d.ByPlatform.Select(Totals), byTier = d.ByTier.Select(Totals),
                    top = d.Top.Select(Post),
                    posts = new
                    {
                        q = list.Search, list.Sort, dir = list.Descending ? "desc" : "asc", total = page.Total, page = page.Page, pageSize = page.PageSize,
                        rows = page.Rows.Select(Post),
                    },
                });
            }));
        app.MapGet("/api/influencers/{id}", async (HttpContext http, string id, string? cost, [AsParameters] KpiFilters filters,
            Reports reports, InfluencerDetailQuery details, InfluencerFlags flags, CancellationToken ct) =>
            await ForViewerAsync(http, cost, filters, reports, ct, async view =>
            {
                if (await details.RunAsync(view, id.Trim(), ct) is not { } d) return Results.NotFound();
                var r = d.Row;
                var flagSet = await flags.CurrentAsync(ct);
                return Results.Ok(new
                {
                    id = r.ExternalId, r.Name, r.Platform, r.Category, tier = r.Tier.ToString(), r.Gender, r.Followers,
                    r.Revenue, r.Orders, r.Payout, r.Roas, r.Iroas, postsInView = r.Posts, r.Reach, r.Engagements, err = r.ErrPercent,
                    perDay = d.PerDay, products = d.Products, campaigns = d.Campaigns.Select(c => new { campaign = c.Name, c.Orders, c.Revenue }),
                    posts = d.Posts.Select(p => new { date = p.Date, p.Platform, p.Reach, p.Likes, p.Comments, err = p.ErrPercent }), postCount = d.PostCount,
                    flags = flagSet.Titles(r.Id),
                });
            }));
        app.MapGet("/api/campaigns/{name}", async (HttpContext http, string name, string? cost, [AsParameters] KpiFilters filters,
            Reports reports, CampaignDetailQuery details, CancellationToken ct) =>
            await ForViewerAsync(http, cost, filters, reports, ct, async view =>
            {
                if (await details.RunAsync(view, name, ct) is not { } d) return Results.NotFound();
                return Results.Ok(new
                {
                    campaign = d.Campaign, kpis = KpisResponse.From(d.Overview.Kpis),
                    perDay = d.Overview.PerDay,
                    influencers = d.Influencers.Select(r => new { id = r.ExternalId, r.Name, r.Orders, r.Revenue, r.Payout, r.Roas, r.Iroas }),
                    products = d.Products,
                });
            }));
        app.MapGet("/api/payouts", async (HttpContext http, string? cost, string? sort, string? dir, [AsParameters] KpiFilters filters,
            Reports reports, PayoutsQuery payouts, CampaignDbContext db, CancellationToken ct) =>
            await ForViewerAsync(http, cost, filters, reports, ct, async view =>
            {
                var sheet = await payouts.RunAsync(view, sort, dir == "desc", ct);
                var statuses = await PayoutsQuery.StatusesAsync(db, null, ct);
                return Results.Ok(new
                {
                    wholeContracts = sheet.Whole,
                    totals = new { declared = sheet.Declared, earned = sheet.Earned, difference = sheet.Difference, flagged = sheet.Flagged, influencers = sheet.Rows.Count },
                    rows = sheet.Rows.Select(r => new
                    {
                        influencerId = r.ExternalId, r.Name, basis = r.Basis.ToString().ToLowerInvariant(), r.Rate, r.DeclaredOrders, r.TrackedOrders, r.Posts,
                        r.Declared, r.Earned, difference = r.Reconciliation.Difference, flagged = r.Reconciliation.Flagged,
                        status = statuses.GetValueOrDefault(r.Id).ToString(),
                    }),
                });
            }));
        app.MapGet("/api/kpis", async (HttpContext http, string? cost, [AsParameters] KpiFilters filters, Reports reports, OverviewQuery overview, CancellationToken ct) =>
            await ForViewerAsync(http, cost, filters, reports, ct, async view =>
            {
                var result = await overview.RunAsync(view, ct);
                return Results.Ok(KpisResponse.From(result.Kpis, result.Previous));
            }));
    }

    /// <summary>What every JSON twin starts with: the `cost` parameter checked, and the caller's view (scope, filters, assumptions).</summary>
    public static async Task<IResult> ForViewerAsync(HttpContext http, string? cost, KpiFilters filters, Reports reports, CancellationToken ct,
        Func<ReportView, Task<IResult>> run)
    {
        if (!CostBasisParameter.TryParse(cost, out var basis))
            return Results.Problem($"cost must be 'earned' or 'declared', not '{cost}'", statusCode: StatusCodes.Status400BadRequest);
        return await run(await reports.ViewAsync(http.User, filters, basis, ct));
    }
}

/// <summary>The `cost` query parameter: earned (default setting) or declared.</summary>
public static class CostBasisParameter
{
    public static bool TryParse(string? value, out CostBasis? basis)
    {
        basis = null;
        if (string.IsNullOrEmpty(value)) return true;
        if (!value.All(char.IsLetter) || !Enum.TryParse<CostBasis>(value, ignoreCase: true, out var parsed)) return false;
        basis = parsed;
        return true;
    }
}
