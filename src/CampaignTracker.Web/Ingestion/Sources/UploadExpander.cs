using System.IO.Compression;

namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>A file to read as a table: <see cref="Path"/> on disk, <see cref="FileName"/> for people (the name inside a zip).</summary>
public sealed record ExpandedFile(string Path, string FileName);

/// <summary>
/// Turns an upload into the files to read: a .zip (not an XLSX workbook, which is a zip too) into its .csv and
/// .xlsx files; anything else into itself.
/// </summary>
public static class UploadExpander
{
    /// <summary>More files than a person zips together; bounds the work one upload makes.</summary>
    const int MaxFiles = 1000;

    static readonly string[] Readable = [".csv", ".xlsx"];

    /// <summary>
    /// Extracts the .csv and .xlsx files of a zip into <paramref name="targetFolder"/>, flat, under safe names;
    /// folders and other files in it are passed over, nested zips are not opened, and an entry whose path leads
    /// out of the archive (".." or absolute) refuses the whole upload. Zip bomb limits are checked on the
    /// directory before extracting and on the bytes while extracting (see <see cref="ZipGuard"/>).
    /// </summary>
    /// <exception cref="UnreadableFileException">The zip is too big, damaged, harmful or has nothing to read.</exception>
    public static IReadOnlyList<ExpandedFile> Expand(string path, string fileName, string targetFolder, IngestionLimits limits)
    {
        TableSources.CheckSize(fileName, new FileInfo(path).Length, limits);
        if (!TableSources.IsZip(path)) return [new ExpandedFile(path, fileName)];

        using var zip = TableSources.OpenZip(path, fileName);
        if (FileKinds.IsXlsx(zip)) return [new ExpandedFile(path, fileName)];

        var wanted = new List<(ZipArchiveEntry Entry, string Name)>();
        var passedOver = new List<string>();
        foreach (var entry in zip.Entries)
        {
            var name = InnerPath(entry, fileName);
            if (name is null || IsClutter(name)) continue;
            if (entry.IsEncrypted)
                throw new UnreadableFileException($"{fileName} is password-protected ({name}); expected a plain zip of CSV or XLSX files.");
            if (Readable.Contains(Path.GetExtension(name).ToLowerInvariant())) wanted.Add((entry, name));
            else passedOver.Add(name);
        }
        if (wanted.Count == 0)
            throw new UnreadableFileException(
                $"{fileName} holds no .csv or .xlsx file{(passedOver.Count > 0 ? $" (it has {string.Join(", ", passedOver.Take(10))})" : "")}; {FileKinds.Expected}, or a zip of them.");
        if (wanted.Count > MaxFiles)
            throw new UnreadableFileException($"{fileName} holds {wanted.Count:N0} files; at most {MaxFiles:N0} are read from one zip.");
        foreach (var (entry, name) in wanted)
            TableSources.CheckSize($"{fileName}: {name}", entry.Length, limits);
        ZipGuard.CheckDeclared(fileName, wanted.Select(w => ZipGuard.Entry.Of(w.Entry) with { Name = w.Name }), limits);

        Directory.CreateDirectory(targetFolder);
        var folder = Path.GetFullPath(targetFolder);
        var budget = new ZipGuard.Budget();
        var written = new List<ExpandedFile>();
        var used = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        try
        {
            foreach (var (entry, name) in wanted)
            {
                var target = Path.GetFullPath(Path.Combine(folder, UniqueName(SafeName(name), used)));
                if (!target.StartsWith(folder + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                    throw Outside(fileName, name);
                written.Add(new ExpandedFile(target, name));
                using var content = ZipGuard.Guard(fileName, ZipGuard.Entry.Of(entry) with { Name = name }, entry.Open(), limits, budget);
                using var output = new FileStream(target, FileMode.Create, FileAccess.Write);
                content.CopyTo(output);   // reads to the end, so the size and checksum are checked
            }
        }
        catch (Exception e)
        {
            foreach (var file in written) File.Delete(file.Path);
            if (e is InvalidDataException)
                throw new UnreadableFileException($"{fileName} is damaged or password-protected ({e.Message}); expected a plain zip of CSV or XLSX files.");
            throw;
        }
        return written;
    }

    /// <summary>The entry's path inside the archive with '/' separators; null for a folder. Refuses paths that lead out of it.</summary>
    static string? InnerPath(ZipArchiveEntry entry, string fileName)
    {
        var name = entry.FullName.Replace('\\', '/');
        if (name.EndsWith('/')) return null;
        var parts = name.Split('/');
        if (name.StartsWith('/') || name.Contains(':') || parts.Any(p => p == "..") || name.Any(char.IsControl))
            throw Outside(fileName, entry.FullName);
        return string.Join('/', parts.Where(p => p is not ("" or ".")));
    }

    static UnreadableFileException Outside(string fileName, string name) =>
        new($"{fileName} is refused: its entry '{name}' points outside the archive (an absolute path or '..'); expected a plain zip of CSV or XLSX files.");

    /// <summary>What macOS and Windows add to a zip: resource forks (__MACOSX/, "._x.csv"), .DS_Store, Thumbs.db.</summary>
    static bool IsClutter(string name) =>
        name.Split('/').Any(p => p == "__MACOSX") || Path.GetFileName(name) is var leaf && (leaf.StartsWith('.') || leaf.Equals("Thumbs.db", StringComparison.OrdinalIgnoreCase));

    /// <summary>The file name alone, with characters no file system takes replaced: the folder stays flat.</summary>
    static string SafeName(string name)
    {
        var invalid = Path.GetInvalidFileNameChars().Concat(['<', '>', ':', '"', '|', '?', '*', '\\']).ToHashSet();
        var safe = new string(Path.GetFileName(name).Select(c => invalid.Contains(c) || char.IsControl(c) ? '_' : c).ToArray()).Trim(' ', '.');
        return safe.Length > 0 ? safe : "file";
    }

    static string UniqueName(string name, HashSet<string> used)
    {
        var candidate = name;
        for (var n = 2; !used.Add(candidate); n++)
            candidate = $"{Path.GetFileNameWithoutExtension(name)} ({n}){Path.GetExtension(name)}";
        return candidate;
    }
}
