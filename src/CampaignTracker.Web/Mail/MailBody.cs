using System.Net;
using System.Text;

namespace CampaignTracker.Web.Mail;

/// <summary>
/// A mail's HTML and plain-text parts, written side by side so that they say the same. The HTML has inline styles only:
/// no external images, fonts or scripts (mail programs block them, and they would tell a tracker who read what).
/// </summary>
public sealed class MailBody
{
    readonly StringBuilder html = new();
    readonly StringBuilder text = new();

    static string H(string s) => WebUtility.HtmlEncode(s);

    public MailBody Heading(string title)
    {
        html.Append($"<h2 style=\"font-size:18px;margin:20px 0 8px\">{H(title)}</h2>");
        text.Append($"\n{title}\n{new string('=', Math.Min(title.Length, 72))}\n");
        return this;
    }

    public MailBody Paragraph(string line, bool muted = false)
    {
        html.Append($"<p style=\"margin:6px 0;{(muted ? "color:#6c757d;font-size:12px" : "")}\">{H(line)}</p>");
        text.Append(line).Append('\n');
        return this;
    }

    public MailBody Link(string label, string url)
    {
        html.Append($"<p style=\"margin:6px 0\"><a href=\"{H(url)}\" style=\"color:#0d6efd\">{H(label)}</a></p>");
        text.Append($"{label}: {url}\n");
        return this;
    }

    /// <summary>A table; in the text part, one line per row with the cells joined by " | ".</summary>
    public MailBody Table(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string>> rows, int rightFrom = 1)
    {
        const string cell = "padding:4px 8px;border-bottom:1px solid #dee2e6;";
        html.Append("<table style=\"border-collapse:collapse;font-size:13px;margin:6px 0\"><tr>");
        for (var i = 0; i < header.Count; i++)
            html.Append($"<th style=\"{cell}text-align:{(i >= rightFrom ? "right" : "left")}\">{H(header[i])}</th>");
        html.Append("</tr>");
        text.Append(string.Join(" | ", header)).Append('\n');
        var any = false;
        foreach (var row in rows)
        {
            any = true;
            html.Append("<tr>");
            for (var i = 0; i < row.Count; i++)
                html.Append($"<td style=\"{cell}text-align:{(i >= rightFrom ? "right" : "left")}\">{H(row[i])}</td>");
            html.Append("</tr>");
            text.Append(string.Join(" | ", row)).Append('\n');
        }
        if (!any)
        {
            html.Append($"<tr><td colspan=\"{header.Count}\" style=\"{cell}color:#6c757d\">none</td></tr>");
            text.Append("(none)\n");
        }
        html.Append("</table>");
        return this;
    }

    /// <summary>The whole HTML document and the text, with a footer naming why the mail came and how to stop it.</summary>
    public (string Html, string Text) Finish(string title, string why, string preferencesUrl, string? unsubscribeUrl)
    {
        var footer = new StringBuilder($"<hr style=\"border:0;border-top:1px solid #dee2e6;margin:24px 0 8px\"><p style=\"color:#6c757d;font-size:12px\">{H(why)} "
            + $"<a href=\"{H(preferencesUrl)}\" style=\"color:#6c757d\">Choose what you receive</a>");
        if (unsubscribeUrl is not null) footer.Append($" · <a href=\"{H(unsubscribeUrl)}\" style=\"color:#6c757d\">Unsubscribe</a>");
        footer.Append("</p>");
        var document = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>" + H(title) + "</title></head>"
            + "<body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#212529;max-width:720px;margin:0 auto;padding:16px\">"
            + $"<h1 style=\"font-size:20px;margin:0 0 12px\">{H(title)}</h1>" + html + footer + "</body></html>";
        var plain = $"{title}\n\n{text}\n--\n{why}\nChoose what you receive: {preferencesUrl}\n"
            + (unsubscribeUrl is null ? "" : $"Unsubscribe: {unsubscribeUrl}\n");
        return (document, plain);
    }
}
