using System.Globalization;
using CampaignTracker.Web.Alerts;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Exports;
using CampaignTracker.Web.Kpis;
using CampaignTracker.Web.Pages;
using CampaignTracker.Web.Payouts;
using CampaignTracker.Web.Reporting;

namespace CampaignTracker.Web.Mail;

/// <summary>
/// The weekly digest (issue 16): the overview cards of the recipient's scope for the last 7 days of data against the 7
/// before, the top 5 and poor-ROI 5 influencers, the open alerts, budget pace, and the overview PDF of that week. Every
/// figure comes from the same queries as the pages, with the recipient's brand scope, so a brand manager's digest holds
/// only their brands.
/// </summary>
public class Digests(Reports reports, SettingsStore settingsStore, OverviewQuery overview, InsightsQuery insights, BudgetsQuery budgets,
    AlertsQuery alerts, PdfFonts fonts, EmailSettings settings, UnsubscribeLinks unsubscribe, TimeProvider clock)
{
    public const int Listed = 5;

    /// <summary>The 7 days of the digest: those ending on the latest day with data (a digest of days without data would be empty).</summary>
    public static (DateOnly From, DateOnly To)? Week(SnapshotCube cube) =>
        cube.DayCount == 0 ? null : (SnapshotCube.DateOf(cube.LastDay).AddDays(-6), SnapshotCube.DateOf(cube.LastDay));

    /// <param name="to">The address it goes to: the recipient's, or an admin's for a preview.</param>
    public async Task<MailDraft> ComposeAsync(Recipient r, string to, MailKind kind, string? onceKey, CancellationToken ct)
    {
        var cube = await reports.CubeAsync(ct);
        var week = Week(cube);
        var filters = new KpiFilters { From = week?.From, To = week?.To };
        var lift = await settingsStore.LiftAsync(ct);
        var view = new ReportView(r.Scope, filters, await settingsStore.DefaultCostBasisAsync(ct), lift);
        var data = await overview.RunAsync(view, ct);
        var lists = await insights.RunAsync(view, IroasRule.Default, leaveOut: null, ct);
        var (openCount, open) = await alerts.RunAsync(new AlertFilters(), r.Scope, ct, (1, Listed));
        var budgetRows = (await budgets.RunAsync(view, ct)).Where(b => b.Budget.From <= budgets.Today && budgets.Today <= b.Budget.To).ToList();

        var k = data.Kpis;
        var revenueChange = data.Previous is { } p ? Change.Percent(k.Revenue, p.Revenue) : null;
        var subject = $"{r.ScopeName} weekly: revenue {Compact(k.Revenue)}"
            + (revenueChange is { } c ? $" ({(c >= 0 ? "+" : "−")}{Math.Abs(c).ToString("0.0", CultureInfo.InvariantCulture)}%)" : "")
            + $", iROAS {Display.Ratio(k.Iroas)}, {openCount} open alert{(openCount == 1 ? "" : "s")}";
        if (kind == MailKind.DigestPreview) subject = $"[Preview of {r.Email}'s digest] {subject}";

        var body = new MailBody();
        body.Paragraph(week is { } w
            ? $"{Scope(r)} · {w.From:yyyy-MM-dd} to {w.To:yyyy-MM-dd} (the last 7 days of data) against the 7 days before."
            : $"{Scope(r)} · no data has been loaded yet.");
        body.Heading("KPIs").Table(["KPI", "Last 7 days", "Change"],
            KpiCard.Of(data, filters).Select(card => (IReadOnlyList<string>)[card.Label, card.Value, card.Change is { } ch ? (ch >= 0 ? "▲ " : "▼ ") + Display.Percent(Math.Abs(ch), 1) : "—"]));
        body.Link("Open the overview of this week", settings.Link(OverviewPath(week)));
        body.Heading($"Top {Listed} influencers by revenue").Table(["Influencer", "Revenue", "Payout", "iROAS"],
            lists.TopByRevenue.Take(Listed).Select(Row));
        body.Heading($"Poor ROI: {Listed} influencers").Table(["Influencer", "Revenue", "Payout", "iROAS"],
            lists.PoorInfluencers.Take(Listed).Select(Row));
        body.Heading($"Open alerts: {openCount}").Table(["Severity", "Alert", "Subject"],
            open.Select(a => (IReadOnlyList<string>)[a.Severity.ToString(), a.RuleTitle, a.Subject]), rightFrom: 3);
        if (openCount > 0) body.Link("All open alerts", settings.Link("/Alerts"));
        body.Heading("Budget pace").Table(["Budget", "Amount", "Spent", "Pace", "Projected"],
            budgetRows.Select(b => (IReadOnlyList<string>)[$"{b.Brand}{(b.Budget.Campaign is null ? "" : " · " + b.Budget.Campaign)} ({b.Budget.From:yyyy-MM-dd} to {b.Budget.To:yyyy-MM-dd})",
                Display.Rupees(b.Budget.Amount), Display.Rupees(b.Status.Spent), Display.Percent(b.Status.Pace * 100, 0),
                b.Status.Projected is { } pr ? Display.Rupees(pr) + (b.Status.Overspend ? " (over)" : "") : "—"]));
        body.Paragraph($"Payout is {view.Basis.ToString().ToLowerInvariant()} cost; lift {Display.Percent(lift * 100, 0)}. The attached PDF is the overview of this week.", muted: true);

        var unsubscribeUrl = kind == MailKind.Digest ? unsubscribe.UrlFor(r.UserId, MailStream.Digest) : null;
        var (html, text) = body.Finish(subject, kind == MailKind.Digest
                ? $"You receive this weekly digest because your notification settings send it to {r.Email} on {r.Preference.DigestDay}s at {r.Preference.SendAt:HH:mm} ({r.Preference.TimeZone})."
                : $"A preview an admin asked for: {r.Email}'s digest, sent to {to}.",
            settings.Link("/Account/Notifications"), unsubscribeUrl);
        return new MailDraft(kind, r.UserId, to, subject, html, text, unsubscribeUrl, (FileName(week), Pdf(view, data, lists, r, lift)), onceKey);
    }

    byte[] Pdf(ReportView view, Overview data, Reporting.Insights lists, Recipient r, decimal lift)
    {
        fonts.EnsureInstalled();
        return PdfReport.Render(new PdfReportContent("Overview", view, data, lists, data.PerDay, Week: false, r.BrandNames, lift, clock.GetUtcNow(),
            $"weekly digest for {r.Email}"));
    }

    static IReadOnlyList<string> Row(InfluencerRow i) => [$"{i.Name} ({i.ExternalId})", Display.Rupees(i.Revenue), Display.Rupees(i.Payout), Display.Ratio(i.Iroas)];

    static string Scope(Recipient r) => r.Scope.IsAll ? "All brands" : r.BrandNames.Count == 0 ? "No brands assigned" : $"Your brands: {string.Join(", ", r.BrandNames)}";

    static string OverviewPath((DateOnly From, DateOnly To)? week) =>
        week is { } w ? $"/?from={w.From:yyyy-MM-dd}&to={w.To:yyyy-MM-dd}" : "/";

    static string FileName((DateOnly From, DateOnly To)? week) => week is { } w ? $"overview-{w.From:yyyy-MM-dd}-to-{w.To:yyyy-MM-dd}.pdf" : "overview.pdf";

    /// <summary>"₹1.2M", "₹845.3K", "₹950": an amount for a subject line (the issue's example; the pages write it in full).</summary>
    public static string Compact(decimal amount)
    {
        var sign = amount < 0 ? "−" : "";
        var a = Math.Abs(amount);
        return sign + "₹" + (a >= 1_000_000m ? (a / 1_000_000m).ToString("0.0", CultureInfo.InvariantCulture) + "M"
            : a >= 1_000m ? (a / 1_000m).ToString("0.0", CultureInfo.InvariantCulture) + "K"
            : a.ToString("0", CultureInfo.InvariantCulture));
    }
}
