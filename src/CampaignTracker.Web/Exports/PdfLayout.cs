using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CampaignTracker.Web.Exports;

/// <summary>Fonts, pens and brushes of the PDF report: the screen's Bootstrap colours, DejaVu Sans (<see cref="PdfFonts"/>).</summary>
public static class PdfStyle
{
    const string Family = "DejaVu Sans";
    public static readonly XFont Heading = new(Family, 16, XFontStyleEx.Bold);
    public static readonly XFont Section = new(Family, 11, XFontStyleEx.Bold);
    public static readonly XFont Body = new(Family, 8.5);
    public static readonly XFont BodyBold = new(Family, 8.5, XFontStyleEx.Bold);
    public static readonly XFont Small = new(Family, 7.5);
    public static readonly XFont Tiny = new(Family, 6.5);
    public static readonly XFont[] Values = [new(Family, 12, XFontStyleEx.Bold), new(Family, 10.5, XFontStyleEx.Bold), new(Family, 9, XFontStyleEx.Bold)];

    public static readonly XBrush Text = new XSolidBrush(XColor.FromArgb(33, 37, 41));
    public static readonly XBrush Muted = new XSolidBrush(XColor.FromArgb(108, 117, 125));
    public static readonly XBrush Up = new XSolidBrush(XColor.FromArgb(25, 135, 84));
    public static readonly XBrush Down = new XSolidBrush(XColor.FromArgb(220, 53, 69));
    public static readonly XBrush CardFill = new XSolidBrush(XColor.FromArgb(248, 249, 250));
    public static readonly XBrush HeaderFill = new XSolidBrush(XColor.FromArgb(233, 236, 239));
    public static readonly XPen CardBorder = new(XColor.FromArgb(222, 226, 230), 0.75);
    public static readonly XPen Rule = new(XColor.FromArgb(222, 226, 230), 0.5);
    public static readonly XPen Axis = new(XColor.FromArgb(108, 117, 125), 0.75);
    public static readonly XColor RevenueColour = XColor.FromArgb(13, 110, 253);
    public static readonly XColor PayoutColour = XColor.FromArgb(220, 53, 69);   // wwwroot/js/overview.js
}

/// <param name="Right">Numbers: right-aligned.</param>
public sealed record PdfColumn(string Header, double Width, bool Right = false);

/// <summary>A4 pages filled top to bottom: a new page starts when the next block would not fit.</summary>
public sealed class PdfFlow
{
    const double Margin = 40, Bottom = 50, RowHeight = 13;
    const int KeepTogether = 10;

    readonly PdfDocument document;
    PdfPage page = null!;
    XGraphics? graphics;

    public PdfFlow(PdfDocument document)
    {
        this.document = document;
        NewPage();
    }

    public double Left => Margin;
    public double Width => page.Width.Point - 2 * Margin;
    public double Y { get; private set; }
    public XGraphics Graphics => graphics ?? throw new InvalidOperationException("the pages are numbered: the report is finished");

    double End => page.Height.Point - Bottom;

    void NewPage()
    {
        graphics?.Dispose();
        page = document.AddPage();
        page.Size = PageSize.A4;
        graphics = XGraphics.FromPdfPage(page);
        Y = Margin;
    }

    /// <summary>Starts a new page unless <paramref name="height"/> points fit on this one.</summary>
    public void Need(double height)
    {
        if (Y + height > End) NewPage();
    }

    public void Gap(double height) => Y += height;

    /// <summary>The next <paramref name="height"/> points of the page, for a chart.</summary>
    public XRect Take(double height)
    {
        Need(height);
        var rect = new XRect(Left, Y, Width, height);
        Y += height;
        return rect;
    }

    public void Title(string text)
    {
        Need(24);
        Graphics.DrawString(text, PdfStyle.Heading, PdfStyle.Text, Left, Y + 16);
        Y += 26;
    }

    /// <summary>A section heading, kept on the same page as the first <paramref name="keepWith"/> points below it.</summary>
    public void Section(string text, double keepWith)
    {
        Need(24 + keepWith);
        Y += 8;
        Graphics.DrawString(text, PdfStyle.Section, PdfStyle.Text, Left, Y + 11);
        Y += 18;
    }

    public void Line(string text, bool bold = false) => Wrapped(text, bold ? PdfStyle.BodyBold : PdfStyle.Body, PdfStyle.Text, 11);

    public void Note(string text)
    {
        Y += 2;
        Wrapped(text, PdfStyle.Small, PdfStyle.Muted, 9.5);
    }

    void Wrapped(string text, XFont font, XBrush brush, double lineHeight)
    {
        foreach (var line in Wrap(Graphics, text, font, Width))
        {
            Need(lineHeight);
            Graphics.DrawString(line, font, brush, Left, Y + lineHeight - 2.5);
            Y += lineHeight;
        }
    }

    /// <summary>A titled table; rows run onto the next pages with the header repeated.</summary>
    /// <remarks>A table of up to <see cref="KeepTogether"/> rows starts on a new page rather than leave a row or two behind.</remarks>
    public void Table(string title, string whenEmpty, IReadOnlyList<PdfColumn> columns, IReadOnlyList<string[]> rows)
    {
        Section(title, RowHeight * (1 + Math.Clamp(rows.Count, 1, KeepTogether)));
        Header(columns);
        foreach (var row in rows)
        {
            if (Y + RowHeight > End)
            {
                NewPage();
                Graphics.DrawString(title + " (continued)", PdfStyle.BodyBold, PdfStyle.Muted, Left, Y + 9);
                Y += 14;
                Header(columns);
            }
            Cells(columns, row, PdfStyle.Body);
            Graphics.DrawLine(PdfStyle.Rule, Left, Y, Left + Width, Y);
        }
        if (rows.Count == 0)
        {
            Graphics.DrawString(whenEmpty, PdfStyle.Body, PdfStyle.Muted, Left + 4, Y + 9.5);
            Y += RowHeight;
        }
    }

    void Header(IReadOnlyList<PdfColumn> columns)
    {
        Graphics.DrawRectangle(PdfStyle.HeaderFill, Left, Y, Width, RowHeight);
        Cells(columns, columns.Select(c => c.Header).ToArray(), PdfStyle.BodyBold);
    }

    void Cells(IReadOnlyList<PdfColumn> columns, string[] cells, XFont font)
    {
        var x = Left;
        for (var i = 0; i < columns.Count; i++)
        {
            var column = columns[i];
            var text = Fit(Graphics, cells[i], font, column.Width - 8);
            var cell = new XRect(x + 4, Y, column.Width - 8, RowHeight);
            Graphics.DrawString(text, font, PdfStyle.Text, cell, column.Right ? XStringFormats.CenterRight : XStringFormats.CenterLeft);
            x += column.Width;
        }
        Y += RowHeight;
    }

    /// <summary>"page N of M" and <paramref name="footer"/> at the foot of every page, once all pages exist.</summary>
    public void NumberPages(string footer)
    {
        graphics?.Dispose();
        graphics = null;
        var count = document.PageCount;
        for (var i = 0; i < count; i++)
        {
            var p = document.Pages[i];
            using var g = XGraphics.FromPdfPage(p, XGraphicsPdfPageOptions.Append);
            var y = p.Height.Point - 25;
            g.DrawLine(PdfStyle.Rule, Margin, y - 10, p.Width.Point - Margin, y - 10);
            g.DrawString(footer, PdfStyle.Small, PdfStyle.Muted, Margin, y);
            g.DrawString($"page {i + 1} of {count}", PdfStyle.Small, PdfStyle.Muted, new XRect(Margin, y - 8, p.Width.Point - 2 * Margin, 10), XStringFormats.CenterRight);
        }
    }

    /// <summary>The text, cut with "…" when wider than <paramref name="width"/>.</summary>
    public static string Fit(XGraphics g, string text, XFont font, double width)
    {
        if (g.MeasureString(text, font).Width <= width) return text;
        var length = text.Length;
        while (length > 0 && g.MeasureString(text[..length] + "…", font).Width > width) length--;
        return text[..length] + "…";
    }

    static IEnumerable<string> Wrap(XGraphics g, string text, XFont font, double width)
    {
        var line = "";
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (line.Length > 0 && g.MeasureString(candidate, font).Width > width)
            {
                yield return line;
                line = word;
            }
            else line = candidate;
        }
        if (line.Length > 0) yield return line;
    }
}
