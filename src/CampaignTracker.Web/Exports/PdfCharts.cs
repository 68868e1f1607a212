using System.Globalization;
using CampaignTracker.Web.Pages;
using CampaignTracker.Web.Reporting;
using PdfSharp.Drawing;

namespace CampaignTracker.Web.Exports;

/// <summary>The overview's charts drawn server-side with XGraphics, as the screen draws them with Chart.js.</summary>
public static class PdfCharts
{
    public const double BarHeight = 18;

    /// <summary>Revenue and payout per day (or week) as two lines over the periods of the view, in order, as on screen.</summary>
    public static void RevenueAndPayout(XGraphics g, XRect area, IReadOnlyList<DailyAmounts> periods, bool week)
    {
        g.DrawRectangle(PdfStyle.CardBorder, area);
        if (periods.Count == 0)
        {
            g.DrawString("No sales or payout in this view.", PdfStyle.Body, PdfStyle.Muted, area, XStringFormats.Center);
            return;
        }
        var plot = new XRect(area.Left + 58, area.Top + 22, area.Width - 58 - 24, area.Height - 22 - 26);
        Legend(g, area.Left + 58, area.Top + 12);

        var max = periods.Max(p => Math.Max(p.Revenue, p.Payout));
        var step = NiceStep(max <= 0 ? 1 : max / 4);
        var top = step * Math.Max(1, Math.Ceiling(max / step));
        double YOf(decimal v) => plot.Bottom - (double)(v / top) * plot.Height;
        double XOf(int i) => periods.Count == 1 ? plot.Left + plot.Width / 2 : plot.Left + plot.Width * i / (periods.Count - 1);

        for (var v = 0m; v <= top; v += step)
        {
            var y = YOf(v);
            g.DrawLine(v == 0 ? PdfStyle.Axis : PdfStyle.Rule, plot.Left, y, plot.Right, y);
            g.DrawString(Compact(v), PdfStyle.Tiny, PdfStyle.Muted, new XRect(area.Left, y - 5, 54, 10), XStringFormats.CenterRight);
        }
        g.DrawLine(PdfStyle.Axis, plot.Left, plot.Top, plot.Left, plot.Bottom);

        var labels = Math.Min(periods.Count, 6);
        for (var k = 0; k < labels; k++)
        {
            var i = labels == 1 ? 0 : (int)Math.Round((double)k * (periods.Count - 1) / (labels - 1));
            var x = XOf(i);
            g.DrawLine(PdfStyle.Axis, x, plot.Bottom, x, plot.Bottom + 3);
            g.DrawString(periods[i].Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), PdfStyle.Tiny, PdfStyle.Muted,
                new XRect(x - 30, plot.Bottom + 4, 60, 10), XStringFormats.Center);
        }
        g.DrawString(week ? "week (dated by its Monday)" : "day", PdfStyle.Tiny, PdfStyle.Muted, new XRect(plot.Left, plot.Bottom + 14, plot.Width, 10), XStringFormats.Center);

        var revenue = periods.Select((p, i) => new XPoint(XOf(i), YOf(p.Revenue))).ToArray();
        if (revenue.Length > 1)   // the screen's light fill under revenue
            g.DrawPolygon(new XSolidBrush(XColor.FromArgb(38, PdfStyle.RevenueColour)),
                [new XPoint(revenue[0].X, plot.Bottom), .. revenue, new XPoint(revenue[^1].X, plot.Bottom)], XFillMode.Winding);
        Series(g, PdfStyle.RevenueColour, revenue);
        Series(g, PdfStyle.PayoutColour, periods.Select((p, i) => new XPoint(XOf(i), YOf(p.Payout))).ToArray());
    }

    static void Series(XGraphics g, XColor colour, XPoint[] points)
    {
        var pen = new XPen(colour, 1.5) { LineJoin = XLineJoin.Round };
        if (points.Length > 1) g.DrawLines(pen, points);
        if (points.Length <= 40)
        {
            var brush = new XSolidBrush(colour);
            foreach (var p in points) g.DrawEllipse(brush, p.X - 2, p.Y - 2, 4, 4);
        }
    }

    static void Legend(XGraphics g, double x, double y)
    {
        foreach (var (name, colour) in new[] { ("Revenue", PdfStyle.RevenueColour), ("Payout", PdfStyle.PayoutColour) })
        {
            g.DrawRectangle(new XSolidBrush(colour), x, y - 5, 10, 4);
            g.DrawString(name, PdfStyle.Small, PdfStyle.Text, x + 14, y);
            x += 20 + g.MeasureString(name, PdfStyle.Small).Width;
        }
    }

    /// <summary>Horizontal bars, largest first (as the query orders them), the amount after each bar.</summary>
    public static void Bars(XGraphics g, XRect area, IReadOnlyList<LabelledRevenue> rows)
    {
        if (rows.Count == 0)
        {
            g.DrawString("No revenue in this view.", PdfStyle.Body, PdfStyle.Muted, area.Left, area.Top + 11);
            return;
        }
        const double labelWidth = 120, valueWidth = 95;
        var barSpace = area.Width - labelWidth - valueWidth;
        var max = rows.Max(r => r.Revenue);
        var brush = new XSolidBrush(PdfStyle.RevenueColour);
        for (var i = 0; i < rows.Count; i++)
        {
            var y = area.Top + i * BarHeight;
            g.DrawString(PdfFlow.Fit(g, rows[i].Label, PdfStyle.Body, labelWidth - 6), PdfStyle.Body, PdfStyle.Text,
                new XRect(area.Left, y, labelWidth - 6, BarHeight), XStringFormats.CenterRight);
            var width = max <= 0 ? 0 : (double)(rows[i].Revenue / max) * barSpace;
            g.DrawRectangle(brush, area.Left + labelWidth, y + 3, Math.Max(width, 1), BarHeight - 6);
            g.DrawString(Display.Rupees(rows[i].Revenue), PdfStyle.Body, PdfStyle.Text, new XRect(area.Left + labelWidth + width + 4, y, valueWidth, BarHeight), XStringFormats.CenterLeft);
        }
    }

    /// <summary>1, 2 or 5 × a power of ten, at least <paramref name="rough"/>: axis steps a reader can add up.</summary>
    public static decimal NiceStep(decimal rough)
    {
        var power = 1m;
        while (power * 10 <= rough) power *= 10;
        while (power > rough && power > 0.01m) power /= 10;
        foreach (var m in new[] { 1m, 2m, 5m, 10m })
            if (m * power >= rough) return m * power;
        return 10 * power;
    }

    /// <summary>"₹0", "₹500", "₹1.5K", "₹2M": short axis labels.</summary>
    public static string Compact(decimal v) => v switch
    {
        >= 1_000_000 => "₹" + (v / 1_000_000).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => "₹" + (v / 1_000).ToString("0.##", CultureInfo.InvariantCulture) + "K",
        _ => "₹" + v.ToString("0.##", CultureInfo.InvariantCulture),
    };
}
