using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CampaignTracker.Web.Bench;

/// <summary>
/// `bench-exports [--scale N] [--data DIR]` (README, Benchmarks; issue 5): on the data and app process `bench-pages` sets
/// up, downloads as an admin the payout workbook, the overview's daily-sales CSV (every daily sales row: about 1.5M at
/// scale 100), the posts CSV (every post: 1M at scale 100) and both PDF reports, twice each: first with the view's results not yet computed (cold), then again (warm).
/// Times are the client's, to the last byte; peak memory is the app process's peak resident set during the download
/// (Linux: /proc/PID/clear_refs resets it), next to its resident set just before.
/// </summary>
public static class ExportBench
{
    public const double WorkbookTargetSeconds = 10, CsvTargetRowsPerSecond = 200_000, PdfTargetSeconds = 3;

    sealed record Download(double Seconds, long Bytes, long Lines, long RssBeforeBytes, long? PeakBytes);

    public static async Task<int> RunAsync(HttpClient admin, Process app, TextWriter stdout)
    {
        var payouts = await admin.GetFromJsonAsync<JsonElement>("/api/payouts");
        var influencers = payouts.GetProperty("totals").GetProperty("influencers").GetInt32();
        stdout.WriteLine();
        stdout.WriteLine("downloads as an admin, no filters; cold = the view's results not yet computed, warm = the same download again");
        stdout.WriteLine($"  {"download",-38} {"cold",8} {"warm",8} {"size",9} {"rows",10} {"rows/s cold",11} {"RSS before",11} {"peak RSS",9}");

        var workbook = await BothAsync(admin, app, "/Payouts?handler=Excel", $"payout workbook ({influencers:N0} influencers)", _ => influencers, stdout);
        var csv = await BothAsync(admin, app, "/?handler=Csv", "overview CSV (daily sales rows)", d => d.Lines - 1, stdout);
        // Issue 18: every post of the view with its URL and caption (the demo's captions have no line breaks: a line is a post).
        var postsCsv = await BothAsync(admin, app, "/Posts?handler=Csv&table=all", "posts CSV (every post, newest first)", d => d.Lines - 1, stdout);
        var pdf = await BothAsync(admin, app, "/?handler=Pdf", "overview PDF", _ => null, stdout);
        var insightsPdf = await BothAsync(admin, app, "/Insights?handler=Pdf", "insights PDF", _ => null, stdout);

        var (runSeconds, runLines, runId) = await CreateRunAsync(admin, stdout);
        var runWorkbook = await BothAsync(admin, app, $"/Payouts/Runs/Details?id={runId}&handler=Excel", $"payout run workbook ({runLines:N0} lines)", _ => runLines, stdout);

        var csvRows = csv.Warm.Lines - 1;
        var csvRate = Math.Min(csvRows / csv.Cold.Seconds, csvRows / csv.Warm.Seconds);
        var postRows = postsCsv.Warm.Lines - 1;
        var postRate = Math.Min(postRows / postsCsv.Cold.Seconds, postRows / postsCsv.Warm.Seconds);
        var pdfSeconds = new[] { pdf.Cold.Seconds, insightsPdf.Cold.Seconds }.Max();
        stdout.WriteLine($"targets: workbook < {WorkbookTargetSeconds} s ({Met(workbook.Cold.Seconds < WorkbookTargetSeconds)}, {workbook.Cold.Seconds:F2} s cold); " +
                         $"CSV ≥ {CsvTargetRowsPerSecond:N0} rows/s ({Met(csvRate >= CsvTargetRowsPerSecond)}, {csvRate:N0} rows/s at worst over {csvRows:N0} rows); " +
                         $"posts CSV ≥ {CsvTargetRowsPerSecond:N0} rows/s ({Met(postRate >= CsvTargetRowsPerSecond)}, {postRate:N0} rows/s at worst over {postRows:N0} rows); " +
                         $"PDF < {PdfTargetSeconds} s ({Met(pdfSeconds < PdfTargetSeconds)}, {pdfSeconds:F2} s cold at worst); " +
                         $"payout run < {RunTargetSeconds} s ({Met(runSeconds < RunTargetSeconds)}, {runSeconds:F2} s for {runLines:N0} lines); " +
                         $"its workbook < {WorkbookTargetSeconds} s ({Met(runWorkbook.Cold.Seconds < WorkbookTargetSeconds)}, {runWorkbook.Cold.Seconds:F2} s cold)");
        return 0;
    }

    public const double RunTargetSeconds = 5;

    /// <summary>
    /// Issue 15: an admin creates a payout run over the data's whole period on the runs page (the form post, to the
    /// redirect to the new run): every influencer's line computed and stored.
    /// </summary>
    static async Task<(double Seconds, int Lines, string Id)> CreateRunAsync(HttpClient admin, TextWriter stdout)
    {
        var form = await admin.GetStringAsync("/Payouts/Runs");
        var token = System.Text.RegularExpressions.Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        // The whole period: every dated order and post of the data falls in it.
        var (from, to) = ("2000-01-01", "2099-12-31");
        var watch = Stopwatch.StartNew();
        using var response = await admin.PostAsync("/Payouts/Runs", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.From"] = from, ["Input.To"] = to, ["Input.BrandId"] = "", ["__RequestVerificationToken"] = token,
        }));
        watch.Stop();
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"creating the run: {(int)response.StatusCode}");
        var id = response.Headers.Location!.OriginalString.Split("id=")[1];
        var run = await admin.GetFromJsonAsync<JsonElement>($"/api/payout-runs/{id}");
        var lines = run.GetProperty("lines").GetArrayLength();
        stdout.WriteLine($"  {"payout run, whole period",-38} {watch.Elapsed.TotalSeconds,7:F2}s {"",8} {"",9} {lines,10:N0}   (created on the runs page: lines computed and stored)");
        return (watch.Elapsed.TotalSeconds, lines, id);
    }

    static string Met(bool met) => met ? "met" : "NOT met";

    static async Task<(Download Cold, Download Warm)> BothAsync(HttpClient client, Process app, string url, string label,
        Func<Download, long?> rowsOf, TextWriter stdout)
    {
        var cold = await DownloadAsync(client, app, url);
        var warm = await DownloadAsync(client, app, url);
        var rows = rowsOf(cold);
        var peak = cold.PeakBytes is { } c && warm.PeakBytes is { } w ? Mb(Math.Max(c, w)) : "n/a";
        stdout.WriteLine($"  {label,-38} {cold.Seconds,7:F2}s {warm.Seconds,7:F2}s {Mb(cold.Bytes),9} {(rows is { } r ? r.ToString("N0") : "—"),10} " +
                         $"{(rows is { } n ? (n / cold.Seconds).ToString("N0") : "—"),11} {Mb(cold.RssBeforeBytes),11} {peak,9}");
        return (cold, warm);
    }

    static string Mb(long bytes) => $"{bytes / 1048576.0:F1} MB";

    /// <summary>One download read to its last byte as it arrives (counting lines), with the app's memory around it.</summary>
    static async Task<Download> DownloadAsync(HttpClient client, Process app, string url)
    {
        var peakReset = ResetPeak(app.Id);
        var before = Status(app.Id, "VmRSS") ?? 0;
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[1 << 16];
        long bytes = 0, lines = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            bytes += read;
            lines += buffer.AsSpan(0, read).Count((byte)'\n');
        }
        watch.Stop();
        return new Download(watch.Elapsed.TotalSeconds, bytes, lines, before, peakReset ? Status(app.Id, "VmHWM") : null);
    }

    /// <summary>Writing 5 to /proc/PID/clear_refs resets the process's peak resident set (VmHWM); false where that is not allowed.</summary>
    static bool ResetPeak(int pid)
    {
        try
        {
            File.WriteAllText($"/proc/{pid}/clear_refs", "5");
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A /proc/PID/status figure in bytes ("VmRSS:   123456 kB").</summary>
    static long? Status(int pid, string field)
    {
        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith(field + ":", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line[(field.Length + 1)..].Trim().Split(' ')[0]) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
