using CampaignTracker.Web.Data;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Pages;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Alerts;

/// <summary>What one evaluation found, which rules ran, and what could not be judged (and why).</summary>
/// <param name="Took">How long each rule took (bench prints it).</param>
public sealed record Evaluation(IReadOnlyList<AlertFinding> Findings, IReadOnlySet<string> RulesRun, IReadOnlyList<string> Notes,
    IReadOnlyDictionary<string, TimeSpan> Took);

/// <summary>
/// Evaluates the alert rules of issue 14 over the current snapshots (the in-memory cube every page reads, through the
/// same queries, so an alert's figures are the ones its evidence page shows) and, where a rule needs them, raw rows
/// (posts above their reach, orders per user). Runs in the alert job, never per page request.
/// </summary>
public sealed class AlertEvaluator(CampaignDbContext db, Reports reports, SettingsStore settings, TimeProvider clock)
{
    public async Task<Evaluation> EvaluateAsync(CancellationToken ct)
    {
        var cube = await reports.CubeAsync(ct);
        var rules = await settings.AlertsAsync(ct);
        var lift = await settings.LiftAsync(ct);
        var context = new Context(cube, rules, lift, reports);
        var findings = new List<AlertFinding>();
        var notes = new List<string>();
        var run = new HashSet<string>();
        var took = new Dictionary<string, TimeSpan>();

        async Task Run(string rule, Func<Task<IEnumerable<AlertFinding>>> evaluate)
        {
            if (!rules.IsEnabled(rule)) return;
            run.Add(rule);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            findings.AddRange(await evaluate());
            took[rule] = clock.Elapsed;
        }

        await Run(AlertRules.IroasUnderTarget, () => Task.FromResult(IroasUnderTarget(context, notes)));
        await Run(AlertRules.PayoutDiscrepancy, () => PayoutDiscrepancyAsync(context, ct));
        await Run(AlertRules.StaleData, () => StaleDataAsync(context, ct));
        await Run(AlertRules.SpendSpike, () => Task.FromResult(Bands(context, spend: true, notes)));
        await Run(AlertRules.RevenueDrop, () => Task.FromResult(Bands(context, spend: false, notes)));
        await Run(AlertRules.ImplausibleEngagement, () => ImplausibleEngagementAsync(context, notes, ct));
        await Run(AlertRules.OrderConcentration, () => OrderConcentrationAsync(context, notes, ct));
        return new Evaluation(findings, run, notes, took);
    }

    sealed class Context(SnapshotCube cube, AlertSettings rules, decimal lift, Reports reports)
    {
        public SnapshotCube Cube => cube;
        public AlertSettings Rules => rules;
        public decimal Lift => lift;

        /// <summary>The last day with tracked sales, or null without any.</summary>
        public int? LastSalesDay { get; } = cube.Sales.Length == 0 ? null : cube.Sales.Max(s => s.Day);

        /// <summary>Each influencer's (cube index) brand codes, from their tracked sales.</summary>
        public HashSet<short>[] BrandsOf { get; } = BrandCodes(cube);

        public ReportView View(KpiFilters filters) => new(BrandScope.All, filters, CostBasis.Earned, lift);

        public Overview Overview(KpiFilters filters) => OverviewQuery.Of(reports, cube, View(filters));

        public IReadOnlyList<CampaignRow> Campaigns(KpiFilters filters) => CampaignsQuery.Rows(reports, cube, View(filters));

        public int[] BrandIdsOf(int influencer) => BrandsOf[influencer].Select(b => cube.BrandIds[b]).ToArray();

        static HashSet<short>[] BrandCodes(SnapshotCube cube)
        {
            var brands = new HashSet<short>[cube.Influencers.Length];
            for (var i = 0; i < brands.Length; i++) brands[i] = [];
            foreach (var sale in cube.Sales) brands[sale.Influencer].Add(sale.Brand);
            return brands;
        }
    }

    // 1. iROAS under target: each brand, and each campaign within a brand, over the last Window days of tracked sales.
    static IEnumerable<AlertFinding> IroasUnderTarget(Context c, List<string> notes)
    {
        if (c.LastSalesDay is not { } last)
        {
            notes.Add($"{AlertRules.IroasUnderTarget}: no tracked sales to judge");
            yield break;
        }
        var (from, to) = (SnapshotCube.DateOf(last - c.Rules.Window + 1), SnapshotCube.DateOf(last));
        for (short b = 0; b < c.Cube.Brands.Count; b++)
        {
            var (brand, brandId, target) = (c.Cube.Brands[b], c.Cube.BrandIds[b], c.Rules.IroasTargetOf(c.Cube.Brands[b]));
            var inBrand = new KpiFilters { From = from, To = to, Brand = [brand] };
            var kpis = c.Overview(inBrand).Kpis;
            if (Judge(c, kpis.Revenue, kpis.Payout, target, from, to, brand) is { } judged)
                yield return Finding(AlertRules.IroasUnderTarget, $"brand:{brandId}", AlertScope.Brand, brand, judged,
                    Url("/Campaigns", ("brand", brand), ("from", Iso(from)), ("to", Iso(to))), [brandId]);
            foreach (var row in c.Campaigns(inBrand))
                if (Judge(c, row.Revenue, row.Payout, target, from, to, $"{row.Campaign} ({brand})") is { } campaign)
                    yield return Finding(AlertRules.IroasUnderTarget, $"campaign:{brandId}:{row.Campaign}", AlertScope.Campaign, $"{row.Campaign} ({brand})",
                        campaign, Url("/Campaigns/Details", ("name", row.Campaign), ("brand", brand), ("from", Iso(from)), ("to", Iso(to))), [brandId],
                        campaign: row.Campaign);
        }
    }

    sealed record Judged(AlertSeverity Severity, string Message, Dictionary<string, object?> Figures);

    static Judged? Judge(Context c, decimal revenue, decimal payout, decimal target, DateOnly from, DateOnly to, string subject)
    {
        if (payout < c.Rules.IroasMinPayout || Kpi.Iroas(revenue, payout, c.Lift) is not { } iroas || iroas >= target) return null;
        var lost = Kpi.MoneyLost(revenue, payout, c.Lift);
        var breakEven = Kpi.BreakEvenLift(revenue, payout);
        var message = $"{subject}: iROAS {iroas:0.00} over the last {c.Rules.Window} days ({Iso(from)} to {Iso(to)}, earned cost) is under its target " +
                      $"{target:0.00} (payout {Display.Rupees(payout)}, minimum judged {Display.Rupees(c.Rules.IroasMinPayout)}): money lost " +
                      $"{Display.Rupees(lost)}; break-even lift {(breakEven is { } l ? Display.Percent(l * 100, 1) : "none (revenue does not exceed payout)")} " +
                      $"against the {Display.Percent(c.Lift * 100, 0)} in use.";
        return new Judged(iroas < target / 2 ? AlertSeverity.Critical : AlertSeverity.Warning, message, new()
        {
            ["iroas"] = decimal.Round(iroas, 4), ["target"] = target, ["revenue"] = revenue, ["payout"] = payout, ["moneyLost"] = decimal.Round(lost, 2),
            ["breakEvenLift"] = breakEven is { } b ? decimal.Round(b, 4) : null, ["lift"] = c.Lift, ["from"] = Iso(from), ["to"] = Iso(to),
        });
    }

    // 2. Payout discrepancy: the reconciliation of the payouts page (DESIGN.md), with the thresholds of the settings.
    async Task<IEnumerable<AlertFinding>> PayoutDiscrepancyAsync(Context c, CancellationToken ct)
    {
        var sheet = await new PayoutsQuery(reports).RunAsync(c.View(new KpiFilters()), null, false, ct);
        var index = IndexById(c.Cube);
        var findings = new List<AlertFinding>();
        foreach (var row in sheet.Rows)
        {
            var difference = row.Declared - row.Earned;
            var over = Math.Abs(difference) > c.Rules.DiscrepancyRupees &&
                       (row.Earned == 0 || Math.Abs(difference) * 100 > c.Rules.DiscrepancyPercent * Math.Abs(row.Earned));
            if (!over) continue;
            var earnedOn = row.Basis == PayoutBasis.Order ? $"{Display.Count(row.TrackedOrders)} tracked orders" : $"{Display.Count(row.Posts)} posts";
            var message = $"{row.Name} ({row.ExternalId}): declared payout {Display.Rupees(row.Declared)} differs from the earned " +
                          $"{Display.Rupees(row.Earned)} ({row.Basis.ToString().ToLowerInvariant()} basis: rate {Display.Rupees(row.Rate)} × {earnedOn}) by " +
                          $"{Display.Rupees(difference)}, more than {Display.Rupees(c.Rules.DiscrepancyRupees)} and {c.Rules.DiscrepancyPercent:0.##}%.";
            findings.Add(InfluencerFinding(c, AlertRules.PayoutDiscrepancy, index[row.Id], AlertSeverity.Warning, message, new()
            {
                ["declared"] = row.Declared, ["earned"] = row.Earned, ["difference"] = difference, ["basis"] = row.Basis.ToString(), ["rate"] = row.Rate,
                ["trackedOrders"] = row.TrackedOrders, ["posts"] = row.Posts,
            }, Url("/Payouts")));
        }
        return findings;
    }

    // 3. Stale data: no tracking rows dated in the last StaleDays days (company and each brand), or no upload of a dataset in StaleUploadDays.
    async Task<IEnumerable<AlertFinding>> StaleDataAsync(Context c, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var findings = new List<AlertFinding>();
        var lastByBrand = new Dictionary<short, int>();
        foreach (var sale in c.Cube.Sales)
            lastByBrand[sale.Brand] = Math.Max(sale.Day, lastByBrand.GetValueOrDefault(sale.Brand));

        AlertFinding? Tracking(int? lastDay, string key, AlertScope scope, string subject, int[] brandIds)
        {
            var days = lastDay is { } d ? today.DayNumber - d : (int?)null;
            if (days is { } fresh && fresh <= c.Rules.StaleDays) return null;
            var message = lastDay is { } day
                ? $"{subject}: the last tracking row is dated {Iso(SnapshotCube.DateOf(day))}, {days} days ago; data older than {c.Rules.StaleDays} days is stale."
                : $"{subject}: no tracking rows at all.";
            return Finding(AlertRules.StaleData, key, scope, subject,
                new Judged(AlertSeverity.Warning, message, new() { ["lastTrackingDate"] = lastDay is { } x ? Iso(SnapshotCube.DateOf(x)) : null, ["daysAgo"] = days, ["staleDays"] = c.Rules.StaleDays }),
                Url("/Uploads"), brandIds);
        }

        if (Tracking(c.LastSalesDay, "company:tracking", AlertScope.Company, "All brands", []) is { } company) findings.Add(company);
        for (short b = 0; b < c.Cube.Brands.Count; b++)
            if (Tracking(lastByBrand.TryGetValue(b, out var d) ? d : null, $"brand:{c.Cube.BrandIds[b]}:tracking", AlertScope.Brand, c.Cube.Brands[b], [c.Cube.BrandIds[b]]) is { } brand)
                findings.Add(brand);

        var lastUploads = await db.UploadFiles.AsNoTracking()
            .Where(f => f.Dataset != null)
            .Join(db.Uploads.Where(u => u.Status == UploadStatus.Succeeded), f => f.UploadId, u => u.Id, (f, u) => new { f.Dataset, u.FinishedAt })
            .ToListAsync(ct);
        foreach (var dataset in new[] { Dataset.Influencers, Dataset.Posts, Dataset.Tracking, Dataset.Payouts })
        {
            var last = lastUploads.Where(u => u.Dataset == dataset && u.FinishedAt is not null).Select(u => u.FinishedAt!.Value).DefaultIfEmpty().Max();
            var days = last == default ? (int?)null : (int)(clock.GetUtcNow() - last).TotalDays;
            if (days is { } age && age <= c.Rules.StaleUploadDays) continue;
            var name = dataset.ToString().ToLowerInvariant();
            var message = days is null
                ? $"No {name} file was ever uploaded."
                : $"The last {name} upload finished {Iso(DateOnly.FromDateTime(last.UtcDateTime))}, {days} days ago; uploads older than {c.Rules.StaleUploadDays} days are stale.";
            findings.Add(Finding(AlertRules.StaleData, $"company:upload:{name}", AlertScope.Company, $"{dataset} uploads",
                new Judged(AlertSeverity.Warning, message, new() { ["dataset"] = name, ["lastUpload"] = days is null ? null : last.UtcDateTime, ["daysAgo"] = days, ["staleUploadDays"] = c.Rules.StaleUploadDays }),
                Url("/Uploads"), []));
        }
        return findings;
    }

    // 4. Spend spike / revenue drop: a brand's or campaign's daily earned payout above, or revenue below, median ± k × MAD of its
    // previous BandDays days (at least BandMinDays of them since its first sale). Each day of the last Window days is judged;
    // the alert names the latest day outside the band.
    static IEnumerable<AlertFinding> Bands(Context c, bool spend, List<string> notes)
    {
        if (c.LastSalesDay is not { } last) yield break;
        var rule = spend ? AlertRules.SpendSpike : AlertRules.RevenueDrop;
        var subjects = new List<(string Key, AlertScope Scope, string Subject, KpiFilters Filters, int[] BrandIds, string? Campaign)>();
        for (short b = 0; b < c.Cube.Brands.Count; b++)
            subjects.Add(($"brand:{c.Cube.BrandIds[b]}", AlertScope.Brand, c.Cube.Brands[b], new KpiFilters { Brand = [c.Cube.Brands[b]] }, [c.Cube.BrandIds[b]], null));
        var campaignBrands = CampaignBrands(c.Cube);
        for (short k = 0; k < c.Cube.Campaigns.Count; k++)
            subjects.Add(($"campaign:{c.Cube.Campaigns[k]}", AlertScope.Campaign, c.Cube.Campaigns[k], new KpiFilters { Campaign = [c.Cube.Campaigns[k]] },
                campaignBrands[k].Select(b => c.Cube.BrandIds[b]).ToArray(), c.Cube.Campaigns[k]));

        var tooShort = 0;
        foreach (var subject in subjects)
        {
            var perDay = c.Overview(subject.Filters).PerDay.Where(d => d.Date.DayNumber <= last).ToList();
            var firstSale = perDay.FirstOrDefault(d => d.Revenue != 0)?.Date.DayNumber;
            if (firstSale is null) continue;
            var byDay = perDay.ToDictionary(d => d.Date.DayNumber);
            double Amount(int day) => byDay.TryGetValue(day, out var d) ? (double)(spend ? d.Payout : d.Revenue) : 0;

            (int Day, double Value, Band Band)? latest = null;
            var daysOutside = 0;
            for (var day = Math.Max(last - c.Rules.Window + 1, firstSale.Value); day <= last; day++)
            {
                var history = Enumerable.Range(Math.Max(day - c.Rules.BandDays, firstSale.Value), Math.Min(c.Rules.BandDays, day - firstSale.Value)).Select(Amount).ToArray();
                var band = RobustStats.BandOf(history, (double)c.Rules.BandK, c.Rules.BandMinDays);
                if (!band.Exists)
                {
                    tooShort++;
                    continue;
                }
                var value = Amount(day);
                if (spend ? value <= band.High : value >= band.Low) continue;
                daysOutside++;
                latest = (day, value, band);
            }
            if (latest is not { } found) continue;
            var (what, side) = spend ? ("earned payout", "above") : ("revenue", "below");
            var date = Iso(SnapshotCube.DateOf(found.Day));
            var message = $"{subject.Subject}: {what} {Display.Rupees((decimal)found.Value)} on {date} is {side} its expected range " +
                          $"{Display.Rupees((decimal)Math.Max(found.Band.Low, 0))} to {Display.Rupees((decimal)found.Band.High)} (median {Display.Rupees((decimal)found.Band.Median)} " +
                          $"± {c.Rules.BandK:0.##} × MAD {Display.Rupees((decimal)found.Band.Mad)} of the previous {c.Rules.BandDays} days)" +
                          (daysOutside > 1 ? $"; {daysOutside} days of the last {c.Rules.Window} were outside it." : ".");
            yield return Finding(rule, subject.Key, subject.Scope, subject.Subject, new Judged(AlertSeverity.Warning, message, new()
            {
                ["date"] = date, ["value"] = Math.Round(found.Value, 2), ["median"] = Math.Round(found.Band.Median, 2), ["mad"] = Math.Round(found.Band.Mad, 2),
                ["low"] = Math.Round(found.Band.Low, 2), ["high"] = Math.Round(found.Band.High, 2), ["k"] = c.Rules.BandK, ["daysOutside"] = daysOutside,
            }), Url("/", ("brand", subject.Scope == AlertScope.Brand ? subject.Subject : null), ("campaign", subject.Campaign),
                ("from", Iso(SnapshotCube.DateOf(found.Day - c.Rules.BandDays))), ("to", date)), subject.BrandIds, campaign: subject.Campaign);
        }
        if (tooShort > 0) notes.Add($"{rule}: {tooShort} subject-days not judged (fewer than {c.Rules.BandMinDays} days of history, or no spread in it)");
    }

    static HashSet<short>[] CampaignBrands(SnapshotCube cube)
    {
        var brands = new HashSet<short>[cube.Campaigns.Count];
        for (var i = 0; i < brands.Length; i++) brands[i] = [];
        foreach (var sale in cube.Sales) brands[sale.Campaign].Add(sale.Brand);
        return brands;
    }

    // 5. Implausible engagement: posts with likes + comments above their reach, and influencers whose ERR is a robust outlier
    // (log scale) among their persona's peers. One alert per influencer: a warning for an outlier, info for posts alone
    // (already a warning at ingestion; the seed has 888 of them).
    async Task<IEnumerable<AlertFinding>> ImplausibleEngagementAsync(Context c, List<string> notes, CancellationToken ct)
    {
        // The posts from the cube (every post is in memory); only the URLs of those the messages list are read.
        var postsOf = c.Cube.PostRows.Where(p => p.Likes + p.Comments > p.Reach).GroupBy(p => p.Influencer)
            .ToDictionary(g => g.Key, g => g.OrderBy(p => p.Day).ThenBy(p => p.Id).ToList());
        // The ids as one JSON parameter (EF.Parameter; EF 10 otherwise makes a parameter of each): looked up by key, not
        // a scan of every post (at scale 100 some 90,000 posts are above their reach, 1M are not).
        var listed = postsOf.Values.SelectMany(posts => posts.Take(ListedPosts).Select(p => p.Id)).ToArray();
        var urls = await db.Posts.AsNoTracking().Where(p => EF.Parameter(listed).Contains(p.Id)).Select(p => new { p.Id, p.Url })
            .ToDictionaryAsync(p => p.Id, p => p.Url, ct);

        var (reach, engagements) = (new long[c.Cube.Influencers.Length], new long[c.Cube.Influencers.Length]);
        foreach (var post in c.Cube.Posts)
        {
            reach[post.Influencer] += post.Reach;
            engagements[post.Influencer] += post.Engagements;
        }
        var outliers = new Dictionary<int, (double Err, double Median, double Z, int Peers)>();
        var personas = Enumerable.Range(0, c.Cube.Influencers.Length).Where(i => reach[i] > 0 && engagements[i] > 0)
            .GroupBy(i => { var x = c.Cube.Influencers[i]; return (x.Category, x.Gender, x.Platform, x.Tier); });
        var small = 0;
        foreach (var persona in personas)
        {
            var members = persona.ToArray();
            if (members.Length < c.Rules.PersonaMinInfluencers)
            {
                small++;
                continue;
            }
            var errs = members.Select(i => (double)engagements[i] / reach[i]).ToArray();
            var (median, scale) = (RobustStats.Median(errs), RobustStats.LogScale.Of(errs));
            for (var m = 0; m < members.Length; m++)
                if (scale.Z(errs[m]) is { } z && Math.Abs(z) > (double)c.Rules.RobustZ)
                    outliers[members[m]] = (errs[m], median, z, members.Length);
        }
        if (small > 0) notes.Add($"{AlertRules.ImplausibleEngagement}: {small} personas with fewer than {c.Rules.PersonaMinInfluencers} influencers not compared");

        var findings = new List<AlertFinding>();
        foreach (var influencer in postsOf.Keys.Union(outliers.Keys).Order())
        {
            var info = c.Cube.Influencers[influencer];
            var parts = new List<string>();
            var figures = new Dictionary<string, object?>();
            if (outliers.TryGetValue(influencer, out var o))
            {
                parts.Add($"ERR {o.Err * 100:0.00}% against a median of {o.Median * 100:0.00}% among the {o.Peers} influencers of the same persona " +
                          $"({c.Cube.Categories[info.Category]}, {c.Cube.Genders[info.Gender] ?? "gender not given"}, {c.Cube.Platforms[info.Platform]}, {info.Tier}): " +
                          $"robust z {o.Z:0.0} on the log scale, beyond ±{c.Rules.RobustZ:0.##}");
                (figures["errPercent"], figures["personaMedianErrPercent"], figures["robustZ"], figures["peers"]) =
                    (Math.Round(o.Err * 100, 2), Math.Round(o.Median * 100, 2), Math.Round(o.Z, 2), o.Peers);
            }
            if (postsOf.TryGetValue(influencer, out var above))
            {
                var shown = above.Take(ListedPosts).Select(p =>
                    $"{Iso(SnapshotCube.DateOf(p.Day))} {urls.GetValueOrDefault(p.Id)} ({Display.Count(p.Engagements)} engagements, reach {Display.Count(p.Reach)})");
                parts.Add($"{above.Count} post(s) with likes + comments above their reach: {string.Join("; ", shown)}{(above.Count > ListedPosts ? "; …" : "")}");
                figures["postsAboveReach"] = above.Count;
                figures["postIds"] = above.Take(20).Select(p => p.Id).ToArray();
            }
            var severity = outliers.ContainsKey(influencer) ? AlertSeverity.Warning : AlertSeverity.Info;
            findings.Add(InfluencerFinding(c, AlertRules.ImplausibleEngagement, influencer, severity, $"{info.Name} ({info.ExternalId}): {string.Join("; and ", parts)}.",
                figures, Url("/Influencers/Details", ("id", info.ExternalId))));
        }
        return findings;
    }

    const int ListedPosts = 3;

    // 6. Order concentration: an influencer with at least ConcentrationMinOrders tracked orders, one user_id holding more than
    // UserSharePercent of them or one day more than DaySharePercent. Users come from the raw rows (the snapshots sum them away);
    // the share is of all the influencer's orders, rows without a user_id included.
    async Task<IEnumerable<AlertFinding>> OrderConcentrationAsync(Context c, List<string> notes, CancellationToken ct)
    {
        var index = IndexById(c.Cube);
        // Orders per influencer and their biggest day, in one pass: the cube keeps sales in influencer order, then day.
        var orders = new long[c.Cube.Influencers.Length];
        var topDay = new (int Day, long Orders)[c.Cube.Influencers.Length];
        var (current, currentDay, dayOrders) = (-1, -1, 0L);
        void CloseDay()
        {
            if (current >= 0 && dayOrders > topDay[current].Orders) topDay[current] = (currentDay, dayOrders);
        }
        foreach (var sale in c.Cube.Sales)
        {
            orders[sale.Influencer] += sale.Orders;
            if (sale.Influencer != current || sale.Day != currentDay)
            {
                CloseDay();
                (current, currentDay, dayOrders) = (sale.Influencer, sale.Day, 0);
            }
            dayOrders += sale.Orders;
        }
        CloseDay();

        var (topUsers, anyUser) = await TopUsersAsync(c, index, orders, c.Rules.UserSharePercent, ct);
        if (!anyUser) notes.Add($"{AlertRules.OrderConcentration}: the tracking data has no user_id, so orders per user cannot be judged (orders per day are)");

        var findings = new List<AlertFinding>();
        for (var i = 0; i < orders.Length; i++)
        {
            if (orders[i] < c.Rules.ConcentrationMinOrders) continue;
            var heavyUsers = (topUsers.GetValueOrDefault(i) ?? [])
                .Where(u => RobustStats.SharePercent(u.Orders, orders[i]) > c.Rules.UserSharePercent)
                .OrderByDescending(u => u.Orders).ThenBy(u => u.User, StringComparer.Ordinal).ToList();
            var day = topDay[i];
            var dayShare = RobustStats.SharePercent(day.Orders, orders[i]);
            var heavyDay = dayShare > c.Rules.DaySharePercent;
            if (heavyUsers.Count == 0 && !heavyDay) continue;

            var info = c.Cube.Influencers[i];
            var parts = heavyUsers.Select(u => $"user {u.User} placed {Display.Count(u.Orders)} of its {Display.Count(orders[i])} tracked orders " +
                                               $"({RobustStats.SharePercent(u.Orders, orders[i]):0.0}%, more than {c.Rules.UserSharePercent:0.##}%)").ToList();
            if (heavyDay)
                parts.Add($"{Display.Count(day.Orders)} of its {Display.Count(orders[i])} orders fall on {Iso(SnapshotCube.DateOf(day.Day))} " +
                          $"({dayShare:0.0}%, more than {c.Rules.DaySharePercent:0.##}%)");
            findings.Add(InfluencerFinding(c, AlertRules.OrderConcentration, i, heavyUsers.Count > 0 && heavyDay ? AlertSeverity.Critical : AlertSeverity.Warning,
                $"{info.Name} ({info.ExternalId}): possible self-purchase or coupon abuse: {string.Join("; ", parts)}.", new()
                {
                    ["orders"] = orders[i], ["users"] = heavyUsers.Select(u => new { user = u.User, orders = u.Orders }).ToArray(),
                    ["topDay"] = Iso(SnapshotCube.DateOf(day.Day)), ["topDayOrders"] = day.Orders, ["topDaySharePercent"] = Math.Round(dayShare, 1),
                }, Url("/Influencers/Details", ("id", info.ExternalId))));
        }
        return findings;
    }

    /// <summary>
    /// The buyers who may hold more than <paramref name="sharePercent"/> of an influencer's (cube index) orders
    /// (<paramref name="orders"/>), with their exact orders, and whether any row has a user id at all. A weighted
    /// Misra–Gries pass over the rows keeps k candidates an influencer (every buyer above 1/(k + 1) of the orders is among
    /// them, each undercounted by a known bound); only influencers where a candidate may pass the share are counted exactly,
    /// from their own rows. SQL grouping every (influencer, user) pair sorts them all: at scale 100 (3M rows) 7–11 s.
    /// </summary>
    async Task<(Dictionary<int, List<(string User, long Orders)>> TopUsers, bool AnyUser)> TopUsersAsync(
        Context c, Dictionary<int, int> index, long[] orders, decimal sharePercent, CancellationToken ct)
    {
        var k = Math.Max(1, (int)Math.Ceiling(100 / Math.Max(sharePercent, 1)) - 1);
        // Per row: an array look-up and at most k string comparisons.
        var byId = new int[index.Count == 0 ? 1 : index.Keys.Max() + 1];
        Array.Fill(byId, -1);
        foreach (var (id, i) in index) byId[id] = i;
        var hitters = new HeavyHitters?[index.Count];
        var anyUser = false;
        await SnapshotCube.ReadAsync(db, UserOrdersRead, r =>
        {
            anyUser = true;
            if (r.GetInt32(0) is var id && id < byId.Length && byId[id] is var i and >= 0) (hitters[i] ??= new HeavyHitters(k)).Add(r.GetString(1), r.GetInt32(2));
        }, ct);

        var suspects = Enumerable.Range(0, hitters.Length).Where(i => hitters[i]?.MayExceed(orders[i] * sharePercent / 100) == true)
            .Select(i => c.Cube.Influencers[i].Id).ToArray();
        var topUsers = new Dictionary<int, List<(string User, long Orders)>>();
        // Their rows only, the ids as one JSON parameter (EF.Parameter; EF 10 otherwise makes a parameter of each).
        var exact = await db.TrackingRows.AsNoTracking().Where(t => EF.Parameter(suspects).Contains(t.InfluencerId) && t.UserId != null && t.UserId != "")
            .GroupBy(t => new { t.InfluencerId, t.UserId }).Select(g => new { g.Key.InfluencerId, g.Key.UserId, Orders = g.Sum(t => t.Orders) })
            .ToListAsync(ct);
        foreach (var pair in exact)
        {
            var i = index[pair.InfluencerId];
            if (!topUsers.TryGetValue(i, out var users)) topUsers[i] = users = [];
            users.Add((pair.UserId!, pair.Orders));
        }
        return (topUsers, anyUser);
    }

    // Raw rows read by TopUsersAsync (a data reader: EF's materializer costs several times as much a row).
    const string UserOrdersRead = "SELECT InfluencerId, UserId, Orders FROM TrackingRows WHERE UserId IS NOT NULL AND UserId <> ''";

    /// <summary>The SQL this class sends on either provider, for SqlServerStatementTests.</summary>
    internal static IEnumerable<(string Name, string Sql)> Statements() => [(nameof(UserOrdersRead), UserOrdersRead)];

    static AlertFinding InfluencerFinding(Context c, string rule, int influencer, AlertSeverity severity, string message, Dictionary<string, object?> figures, string evidence)
    {
        var info = c.Cube.Influencers[influencer];
        // An influencer without tracked sales is in no brand's view: no brands, which keeps the alert to admins (AlertFinding.BrandIdsText).
        var brands = c.BrandIdsOf(influencer);
        return new AlertFinding(rule, $"influencer:{info.Id}", AlertScope.Influencer, $"{info.Name} ({info.ExternalId})", severity, message, figures, evidence,
            brands, InfluencerId: info.Id);
    }

    static AlertFinding Finding(string rule, string key, AlertScope scope, string subject, Judged judged, string evidence, int[] brandIds, string? campaign = null) =>
        new(rule, key, scope, subject, judged.Severity, judged.Message, judged.Figures, evidence, brandIds, Campaign: campaign);

    static Dictionary<int, int> IndexById(SnapshotCube cube) =>
        cube.Influencers.Select((info, i) => (info.Id, i)).ToDictionary(p => p.Id, p => p.i);

    static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    static string Url(string path, params (string Key, string? Value)[] query) =>
        QueryHelpers.AddQueryString(path, query.Where(q => q.Value is not null).Select(q => new KeyValuePair<string, string?>(q.Key, q.Value)));
}
