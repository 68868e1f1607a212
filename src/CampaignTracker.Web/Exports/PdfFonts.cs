using PdfSharp.Fonts;

namespace CampaignTracker.Web.Exports;

/// <summary>
/// The TTF files the PDF reports are drawn with: DejaVu Sans from Debian's fonts-dejavu-core (TECH-NOTES, PDF: on Linux
/// PDFsharp finds no font without a resolver). The folder is the `Pdf:FontFolder` setting.
/// </summary>
public sealed class PdfFonts(string folder) : IFontResolver
{
    public const string DefaultFolder = "/usr/share/fonts/truetype/dejavu";
    public const string Regular = "DejaVuSans";
    public const string Bold = "DejaVuSans-Bold";

    static readonly Lock InstallLock = new();
    static PdfFonts? installed;

    public string Folder { get; } = folder;

    public static PdfFonts From(IConfiguration config) => new(config["Pdf:FontFolder"] is { Length: > 0 } f ? f : DefaultFolder);

    /// <summary>The font files that are missing from the folder, as a message to act on; null when both are there.</summary>
    public string? Problem()
    {
        var missing = new[] { Regular, Bold }.Select(PathOf).Where(p => !File.Exists(p)).ToList();
        return missing.Count == 0 ? null
            : $"The PDF report needs the DejaVu Sans fonts, and {string.Join(" and ", missing)} {(missing.Count == 1 ? "is" : "are")} missing. "
              + $"Install Debian's fonts-dejavu-core (apt-get install fonts-dejavu-core) or set Pdf:FontFolder to a folder holding {Regular}.ttf and {Bold}.ttf.";
    }

    /// <summary>
    /// Checks the files and makes this the resolver of PDFsharp, whose setting is process-wide: the first folder
    /// installed stays for the life of the process (one app, one configuration).
    /// </summary>
    /// <exception cref="InvalidOperationException">The fonts are missing (the message says what to do).</exception>
    public void EnsureInstalled()
    {
        if (Problem() is { } problem) throw new InvalidOperationException(problem);
        lock (InstallLock)
        {
            if (installed is not null) return;
            GlobalFontSettings.FontResolver = installed = this;
        }
    }

    /// <summary>Every family is DejaVu Sans: the report asks for no other, and PDFsharp's own defaults land here too.</summary>
    public FontResolverInfo ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[] GetFont(string faceName) => File.ReadAllBytes(PathOf(faceName == Bold ? Bold : Regular));

    string PathOf(string face) => Path.Combine(Folder, face + ".ttf");
}
