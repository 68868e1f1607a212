using System.Security.Claims;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Pages;
using CampaignTracker.Web.Reporting;
using Microsoft.AspNetCore.Mvc;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CampaignTracker.Web.Exports;

/// <summary>What a PDF report shows: one viewer's view, its numbers from the cached queries, and who asked when.</summary>
/// <param name="What">"Overview" or "Insights": the page it was downloaded from.</param>
/// <param name="SettingLift">The lift setting, told apart from a what-if lift of the insights page.</param>
public sealed record PdfReportContent(
    string What, ReportView View, Overview Overview, Reporting.Insights Insights, IReadOnlyList<DailyAmounts> Periods, bool Week,
    IReadOnlyList<string> VisibleBrands, decimal SettingLift, DateTimeOffset GeneratedAt, string GeneratedBy);

/// <summary>`?handler=Pdf` of the overview and insights pages (issue 5): the view on screen as an A4 report.</summary>
public class PdfReportExport(OverviewQuery overview, InsightsQuery insights, Reports reports, PdfFonts fonts, TimeProvider clock)
{
    public async Task<IActionResult> RunAsync(string what, ReportView view, ClaimsPrincipal user, bool week, IroasRule rule, decimal settingLift, CancellationToken ct)
    {
        fonts.EnsureInstalled();
        var data = await overview.RunAsync(view, ct);
        var lists = await insights.RunAsync(view, rule, leaveOut: null, ct);
        var brands = view.Scope.IsAll ? [] : (await reports.OptionsAsync(view, ct)).Brands;
        var now = clock.GetUtcNow();
        var content = new PdfReportContent(what, view, data, lists, week ? Periods.Weeks(data.PerDay) : data.PerDay, week,
            brands, settingLift, now, user.Identity?.Name ?? "unknown");
        return new FileContentResult(PdfReport.Render(content), "application/pdf")
        {
            FileDownloadName = FileNames.For($"{what.ToLowerInvariant()}-report", view.Filters, now, "pdf"),
        };
    }
}

/// <summary>
/// Draws the report with XGraphics (MigraDoc is not available, TECH-NOTES): header with filters and assumptions, the KPI
/// cards, the revenue vs payout chart, revenue by brand, then the top and poor-ROI tables; "page N of M" on every page.
/// Everything comes from the cached query results: the work is in the number of rows shown, not in the data.
/// </summary>
public static class PdfReport
{
    public static byte[] Render(PdfReportContent c)
    {
        using var document = new PdfDocument();
        document.Info.Title = $"CampaignTracker {c.What} report";
        document.Info.Author = c.GeneratedBy;
        var flow = new PdfFlow(document);

        Header(flow, c);
        Cards(flow, KpiCard.Of(c.Overview, c.View.Filters));
        var per = c.Week ? "week" : "day";
        flow.Section($"Revenue vs payout per {per}", 230);
        PdfCharts.RevenueAndPayout(flow.Graphics, flow.Take(200), c.Periods, c.Week);
        flow.Note(c.Overview.UndatedPayout == 0
            ? $"Payout ({Basis(c)}) is placed as on the cards: order costs on their orders' days, post costs on their posts' days, declared payouts on the days of the influencer's revenue."
            : $"{Display.Rupees(c.Overview.UndatedPayout)} of payout belongs to no day (influencers without tracked revenue in the view).");
        var brands = c.Overview.RevenueByBrand;
        flow.Section("Revenue by brand", 40 + PdfCharts.BarHeight * Math.Max(1, brands.Count));
        PdfCharts.Bars(flow.Graphics, flow.Take(PdfCharts.BarHeight * Math.Max(1, brands.Count)), brands);

        Tables(flow, c);
        flow.NumberPages($"CampaignTracker · {c.What} report · generated {c.GeneratedAt:yyyy-MM-dd HH:mm} UTC");

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    static string Basis(PdfReportContent c) => c.View.Basis.ToString().ToLowerInvariant();

    static void Header(PdfFlow flow, PdfReportContent c)
    {
        flow.Title($"CampaignTracker · {c.What} report");
        flow.Line("Filters: " + FiltersText(c.View.Filters), bold: true);
        flow.Line("Brands: " + (c.View.Scope.IsAll ? "all (admin or Finance)" : c.VisibleBrands.Count == 0 ? "none assigned" : string.Join(", ", c.VisibleBrands) + " (your brands)"));
        flow.Line($"Cost basis: {Basis(c)} " + (c.View.Basis == CostBasis.Earned
            ? "(order-basis influencers cost rate × tracked orders, post-basis influencers rate × posts)."
            : "(total_payout from the payouts file, spread over the influencer's tracked revenue)."));
        var lift = Display.Percent(c.View.Lift * 100, 0);
        flow.Line($"Lift: {lift}" + (c.View.Lift == c.SettingLift ? " (the setting)" : $" (what-if; the setting is {Display.Percent(c.SettingLift * 100, 0)})")
            + "; baseline = revenue ÷ (1 + lift), iROAS = (revenue − baseline) ÷ payout.");
        flow.Line("Payout allocation: a part of an influencer's sales (a brand, product or campaign) carries their payout in proportion to its revenue share, so brands add up to the total.");
        flow.Line((c.Overview.RefreshedAt is { } at ? $"Data as of {at:yyyy-MM-dd HH:mm} UTC" : "No data loaded yet")
            + $" · generated {c.GeneratedAt:yyyy-MM-dd HH:mm} UTC by {c.GeneratedBy}");
        flow.Gap(6);
    }

    /// <summary>"from 2025-06-01 to 2025-06-30 · brand: MuscleBlaze · tier: micro, mid", or "none (all data you may see)".</summary>
    public static string FiltersText(KpiFilters f)
    {
        if (f.IsEmpty) return "none (all data you may see)";
        var parts = new List<string>();
        if (f.From is not null || f.To is not null) parts.Add($"from {f.From?.ToString("yyyy-MM-dd") ?? "the start"} to {f.To?.ToString("yyyy-MM-dd") ?? "the end"}");
        foreach (var (name, values) in new[] { ("brand", f.Brand), ("product", f.Product), ("campaign", f.Campaign), ("platform", f.Platform),
                     ("category", f.Category), ("tier", f.Tier), ("gender", f.Gender) })
            if (values.Length > 0) parts.Add($"{name}: {string.Join(", ", values)}");
        return string.Join(" · ", parts);
    }

    static void Cards(PdfFlow flow, IReadOnlyList<KpiCard> cards)
    {
        const int columns = 4;
        const double gap = 8, height = 46;
        var width = (flow.Width - gap * (columns - 1)) / columns;
        var rows = (cards.Count + columns - 1) / columns;
        flow.Section("Key figures", rows * (height + gap));
        var top = flow.Take(rows * (height + gap)).Top;
        for (var i = 0; i < cards.Count; i++)
        {
            var box = new XRect(flow.Left + i % columns * (width + gap), top + i / columns * (height + gap), width, height);
            var card = cards[i];
            flow.Graphics.DrawRectangle(PdfStyle.CardBorder, PdfStyle.CardFill, box);
            flow.Graphics.DrawString(card.Label, PdfStyle.Small, PdfStyle.Muted, box.Left + 6, box.Top + 12);
            // A number is never cut: a long one (scale 100 revenue) takes a smaller size instead.
            var font = PdfStyle.Values.FirstOrDefault(f => flow.Graphics.MeasureString(card.Value, f).Width <= width - 12) ?? PdfStyle.Values[^1];
            flow.Graphics.DrawString(card.Value, font, PdfStyle.Text, box.Left + 6, box.Top + 28);
            if (card.ChangeText is { } change)
            {
                var brush = card.Change is > 0 ? PdfStyle.Up : card.Change is < 0 ? PdfStyle.Down : PdfStyle.Muted;
                flow.Graphics.DrawString(PdfFlow.Fit(flow.Graphics, change, PdfStyle.Tiny, width - 12), PdfStyle.Tiny, brush, box.Left + 6, box.Top + 40);
            }
        }
    }

    static void Tables(PdfFlow flow, PdfReportContent c)
    {
        var d = c.Insights;
        string Lost(decimal revenue, decimal payout) => Display.Rupees(Kpi.MoneyLost(revenue, payout, d.Lift));

        flow.Table("Top influencers by revenue", "No influencer sold in this view.",
            [new("Influencer", 150), new("Platform", 65), new("Revenue", 95, true), new("Orders", 55, true), new("Payout", 90, true), new("iROAS", 60, true)],
            d.TopByRevenue.Select(r => new[] { r.Name, r.Platform, Display.Rupees(r.Revenue), Display.Count(r.Orders), Display.Rupees(r.Payout), Display.Ratio(r.Iroas) }).ToList());

        flow.Table("Poor ROI influencers (iROAS < 1, by money lost)", "None: every paid influencer earns back their payout.",
            [new("Influencer", 155), new("Revenue", 95, true), new("Payout", 95, true), new("iROAS", 60, true), new("Money lost", 110, true)],
            d.PoorInfluencers.Select(r => new[] { r.Name, Display.Rupees(r.Revenue), Display.Rupees(r.Payout), Display.Ratio(r.Iroas), Lost(r.Revenue, r.Payout) }).ToList());

        var breakEven = d.Campaigns.ToDictionary(b => b.Name, b => b.Lift);
        flow.Table("Poor ROI campaigns (iROAS < 1, by money lost)", "None: every campaign earns back its payout.",
            [new("Campaign", 115), new("Revenue", 90, true), new("Payout", 90, true), new("iROAS", 50, true), new("Money lost", 90, true), new("Break-even lift", 80, true)],
            d.PoorCampaigns.Select(r => new[] { r.Campaign, Display.Rupees(r.Revenue), Display.Rupees(r.Payout), Display.Ratio(r.Iroas), Lost(r.Revenue, r.Payout),
                breakEven.GetValueOrDefault(r.Campaign) is { } l ? Display.Percent(l * 100, 1) : "never" }).ToList());
        flow.Note($"iROAS at lift {Display.Percent(d.Lift * 100, 0)} with {Basis(c)} payout; money lost = payout − incremental revenue; break-even lift = payout ÷ (revenue − payout).");
    }
}
