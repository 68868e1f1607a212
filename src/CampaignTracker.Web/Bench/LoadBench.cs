using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Ingestion;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Bench;

/// <summary>
/// `bench-load [--users K] [--duration S] [--think MS] [--scale N] [--data DIR] [--faults]` (README, Load benchmark; issue 17):
/// the app as its own process on a loopback port with its job server, K signed-in users (brand managers of every brand, a
/// tenth admins) looping over a mix of pages for S seconds with think time, while an admin uploads a daily tracking batch
/// through the upload page (multipart) and the server ingests it. The same kind of batch is uploaded on the idle server
/// first, as the baseline of the ingest's time. With `--faults` the server is killed (SIGKILL) during the loaded ingest
/// and started again: the upload must then be applied once, with exact totals. Exits 1 on any error.
/// </summary>
public static class LoadBench
{
    public sealed record Options(int Users, int DurationSeconds, int ThinkMs, bool Faults, BenchCommand.Options Bench);

    public const string Usage = "bench-load [--users 1..500] [--duration 10..3600] [--think 0..60000] [--scale N] [--data DIR] [--faults]";

    /// <summary>Targets (issue 17): p95 during the ingest, cached and cold views; the loaded ingest against the idle one.</summary>
    public const double CachedP95Ms = 500, ColdP95Ms = 2_000, IngestRatio = 1.5;

    static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);
    static readonly TimeSpan IngestPatience = TimeSpan.FromMinutes(15);

    public static Options? Parse(string[] args, TextWriter stderr)
    {
        int users = 50, duration = 120, think = 1_000;
        var faults = false;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            bool Int(int min, int max, out int value) => int.TryParse(i + 1 < args.Length ? args[i + 1] : null, out value) && value >= min && value <= max;
            switch (args[i])
            {
                case "--users" when Int(1, 500, out var k): users = k; i++; break;
                case "--duration" when Int(10, 3_600, out var d): duration = d; i++; break;
                case "--think" when Int(0, 60_000, out var t): think = t; i++; break;
                case "--faults": faults = true; break;
                case "--scale" or "--data" when i + 1 < args.Length: rest.Add(args[i]); rest.Add(args[++i]); break;
                default:
                    stderr.WriteLine($"bench-load: unexpected argument '{args[i]}'. Usage: {Usage}");
                    return null;
            }
        }
        var bench = BenchCommand.Parse([.. rest], stderr);
        if (bench is null) return null;
        // Not the folder `bench` and `bench-pages` use by default: their data stays for their next run.
        return new Options(users, duration, think, faults, rest.Contains("--data") ? bench : bench with { DataFolder = bench.DataFolder + "-load" });
    }

    /// <summary>Phases of the run, by the start of each request.</summary>
    enum Phase { Before, During, After }

    sealed record Sample(string Kind, Phase Phase, double Ms, bool Cold);

    /// <summary>Everything the users and the uploader record; counters are shared by all users.</summary>
    sealed class Tally
    {
        public readonly ConcurrentBag<Sample> Samples = [];
        public readonly ConcurrentQueue<string> Errors = new();
        public readonly ConcurrentQueue<string> RestartFailures = new();
        public readonly ConcurrentDictionary<string, long> FirstOfView = new();   // when the first answer of a view ended

        public int Requests, TotalsChecked, ScopeScanned, ScopeLeaks;
        public volatile Phase Phase = Phase.Before;
        public volatile bool Restarting;
        public int Epoch;   // server processes the users have seen: a restarted server's views are cold again

        public void Error(string what)
        {
            if (Restarting) RestartFailures.Enqueue(what);
            else Errors.Enqueue(what);
        }
    }

    sealed record User(string Email, string Password, string? Brand)
    {
        public HttpClient Client { get; set; } = null!;
        public bool Admin => Brand is null;
        public string Scope => Brand ?? "admin";
    }

    public static async Task<int> RunAsync(IServiceProvider services, Options options, string adminPassword, TextWriter stdout)
    {
        var bench = options.Bench;
        var asOf = new DateOnly(2025, 7, 21);
        var demo = new DemoOptions(bench.Scale, AsOf: asOf);
        var generate = Stopwatch.StartNew();
        var files = DemoDataGenerator.Write(Path.Combine(bench.DataFolder, "csv"), demo);
        // Two later daily batches of the same size on the days that follow: one for the idle baseline, one under load.
        var idleBatch = Path.Combine(bench.DataFolder, "csv-idle", "tracking_data.csv");
        var loadedBatch = Path.Combine(bench.DataFolder, "csv-loaded", "tracking_data.csv");
        DemoDataGenerator.WriteTrackingBatch(idleBatch, demo with { Seed = DemoOptions.DefaultSeed + 1, AsOf = asOf.AddDays(DemoDataGenerator.TrackingDays) });
        DemoDataGenerator.WriteTrackingBatch(loadedBatch, demo with { Seed = DemoOptions.DefaultSeed + 2, AsOf = asOf.AddDays(2 * DemoDataGenerator.TrackingDays) });
        stdout.WriteLine($"scale {bench.Scale}: {demo.TrackingRowCount:N0} tracking rows and two later batches of as many, generated in {generate.Elapsed.TotalSeconds:F1} s ({bench.DataFolder})");
        using (var scope = services.CreateScope())
        {
            var upload = await scope.ServiceProvider.GetRequiredService<UploadStore>().StorePathsAsync(files.All, "bench", CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<IngestUploadJob>().RunAsync(upload.Id, CancellationToken.None);
        }

        var users = await CreateUsersAsync(services, options.Users, adminPassword);
        stdout.WriteLine($"{users.Count} users: {users.Count(u => u.Admin)} admins, " +
                         string.Join(", ", users.Where(u => !u.Admin).GroupBy(u => u.Brand).Select(g => $"{g.Count()} brand managers of {g.Key}")));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var port = PageBench.FreePort();
        var baseUrl = $"http://127.0.0.1:{port}";
        var started = Stopwatch.StartNew();
        var app = StartServer(bench, port, adminPassword);
        try
        {
            await PageBench.WaitForHealthAsync(baseUrl, TimeSpan.FromMinutes(2));
            stdout.WriteLine($"server on {baseUrl}, healthy {started.Elapsed.TotalSeconds:F1} s after its start (the snapshots are loaded before it listens)");
            foreach (var user in users) user.Client = await PageBench.SignInAsync(baseUrl, user.Email, user.Password, RequestTimeout);
            var admin = users.First(u => u.Admin);
            var first = Stopwatch.StartNew();
            (await admin.Client.GetAsync("/api/kpis")).EnsureSuccessStatusCode();
            stdout.WriteLine($"first request: {first.Elapsed.TotalSeconds:F1} s");

            // The idle baseline: the same kind of batch, through the same page, with nobody else on the server.
            var uploader = await PageBench.SignInAsync(baseUrl, admin.Email, admin.Password, TimeSpan.FromMinutes(10));
            var idle = await UploadAndWaitAsync(services, uploader, idleBatch, null);
            (await admin.Client.GetAsync("/api/kpis")).EnsureSuccessStatusCode();   // the new snapshots in memory before the load starts
            stdout.WriteLine($"idle server: upload request {idle.PostSeconds:F1} s, ingest {idle.IngestSeconds:F1} s (job start to Succeeded), " +
                             $"{idle.DoneSeconds:F1} s from the upload's start to done");

            // Views over the loaded batch's days had no data before it: the first request after "done" must show them.
            var newDays = $"from={asOf.AddDays(2 * DemoDataGenerator.TrackingDays - 6):yyyy-MM-dd}&to={asOf.AddDays(2 * DemoDataGenerator.TrackingDays):yyyy-MM-dd}";
            var freshness = users.GroupBy(u => u.Scope).Select(g => g.First()).ToList();
            foreach (var user in freshness)
                if (await OrdersAsync(user.Client, newDays) != 0) throw new InvalidOperationException("the loaded batch's days have data before it");

            var tally = new Tally();
            var loadStart = DateTime.UtcNow;
            var last = asOf.AddDays(2 * DemoDataGenerator.TrackingDays);
            using var stop = new CancellationTokenSource();
            var clock = Stopwatch.StartNew();
            var loops = users.Select((u, i) => Task.Run(() => LoopAsync(u, i, last, options.ThinkMs, tally, stop.Token))).ToList();

            // The loaded ingest starts after a quarter of the run ("before"), and the users go on for at least a quarter after it.
            await Task.Delay(TimeSpan.FromSeconds(options.DurationSeconds / 4.0));
            tally.Phase = Phase.During;
            var duringStart = clock.Elapsed;
            var restarted = options.Faults ? new TaskCompletionSource<Process>() : null;
            bool? killedRunning = null;   // --faults: whether the kill came while the job ran (else it missed the ingest)
            var loaded = await UploadAndWaitAsync(services, uploader, loadedBatch, restarted is null ? null : async uploadId =>
            {
                // --faults: SIGKILL while the job writes (Running, half its idle time in), then the same server again.
                await WaitForAsync(services, uploadId, u => u.Status == UploadStatus.Running, IngestPatience);
                await Task.Delay(TimeSpan.FromSeconds(idle.IngestSeconds / 2));
                tally.Restarting = true;
                app.Kill(entireProcessTree: true);
                await app.WaitForExitAsync();
                killedRunning = (await WaitForAsync(services, uploadId, _ => true, IngestPatience)).Status == UploadStatus.Running;
                Interlocked.Increment(ref tally.Epoch);   // a new process: every view is cold again (counted so before it answers any)
                var restart = Stopwatch.StartNew();
                app = StartServer(bench, port, adminPassword);
                await PageBench.WaitForHealthAsync(baseUrl, TimeSpan.FromMinutes(2));
                stdout.WriteLine($"restarted: healthy {restart.Elapsed.TotalSeconds:F1} s after its start (the snapshots loaded before it listened)");
                tally.Restarting = false;
                restarted.SetResult(app);
            });
            tally.Phase = Phase.After;
            var afterStart = clock.Elapsed;
            var stale = new List<string>();
            foreach (var user in freshness)
                if (await OrdersAsync(user.Client, newDays) == 0) stale.Add(user.Scope);
            var remaining = TimeSpan.FromSeconds(options.DurationSeconds) - clock.Elapsed;
            await Task.Delay(remaining > TimeSpan.FromSeconds(options.DurationSeconds / 4.0) ? remaining : TimeSpan.FromSeconds(options.DurationSeconds / 4.0));
            stop.Cancel();
            await Task.WhenAll(loops);

            var exact = await ExactTotalsAsync(services, admin.Client, [files.TrackingData, idleBatch, loadedBatch]);
            Report(stdout, options, tally, idle, loaded, stale, exact, clock.Elapsed, duringStart, afterStart);
            stdout.WriteLine("server events during the run (snapshots loaded into memory, uploads applied):");
            foreach (var (at, line) in PageBench.ServerEvents.Where(e => e.At >= loadStart))
                stdout.WriteLine($"  at {(at - loadStart).TotalSeconds,5:F0} s: {line}");
            if (killedRunning is { } running)
                stdout.WriteLine($"fault: the server was killed {(running ? "while the upload was Running (its transaction uncommitted); the restart requeued it" : "too late: the upload had already finished (NOT a fault test)")}");
            var failed = !tally.Errors.IsEmpty || stale.Count > 0 || tally.ScopeLeaks > 0 || exact is not null || loaded.Uploads != 1 || killedRunning == false;
            return failed ? 1 : 0;
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
        }
    }

    static Process StartServer(BenchCommand.Options bench, int port, string adminPassword) =>
        PageBench.StartApp(bench, port, adminPassword, new Dictionary<string, string>
        {
            ["Jobs__RunServer"] = "true",   // the uploads are ingested by the server that serves the users
            ["Ingestion__MaxFileBytes"] = (2L << 30).ToString(CultureInfo.InvariantCulture),   // scale 100: 116 MB batches
            ["Ingestion__MaxUncompressedBytes"] = (4L << 30).ToString(CultureInfo.InvariantCulture),
        });

    /// <summary>A tenth of the users admins (the bootstrap admin first), the rest brand managers of each brand in turn.</summary>
    static async Task<List<User>> CreateUsersAsync(IServiceProvider services, int count, string adminPassword)
    {
        var brands = DemoDataGenerator.Catalogue.Select(p => p.Brand).Distinct().ToList();
        var admins = Math.Max(1, count / 10);
        var users = new List<User> { new(PageBench.BenchAdminEmail, adminPassword, null) };
        for (var i = 1; i < count; i++)
        {
            var brand = i < admins ? null : brands[(i - admins) % brands.Count];
            var (email, password) = await PageBench.CreateUserAsync(services, $"load-{i}@bench.local", brand is null ? Roles.Admin : Roles.BrandManager, brand);
            users.Add(new User(email, password, brand));
        }
        return users;
    }

    static readonly string[] Platforms = ["Instagram", "YouTube", "TikTok", "Twitter"];
    static readonly string[] Tiers = ["Nano", "Micro", "Mid", "Macro", "Mega"];
    static readonly string[] Categories = ["Fitness", "Health", "Lifestyle", "Parenting"];
    static readonly string[] Searches = ["a", "an", "ra", "sh", "kumar", "singh", "xyz-none"];

    /// <summary>A random view: often none or a date range, sometimes a cut; a brand manager's brand filter is their own.</summary>
    static string View(Random random, User user, DateOnly last)
    {
        var parts = new List<string>();
        if (random.Next(3) > 0)
        {
            var days = new[] { 7, 30, 90 }[random.Next(3)];
            var to = last.AddDays(-random.Next(30));
            parts.Add($"from={to.AddDays(1 - days):yyyy-MM-dd}&to={to:yyyy-MM-dd}");
        }
        switch (random.Next(8))
        {
            case 0: parts.Add("platform=" + Platforms[random.Next(Platforms.Length)]); break;
            case 1: parts.Add("tier=" + Tiers[random.Next(Tiers.Length)]); break;
            case 2: parts.Add("category=" + Categories[random.Next(Categories.Length)]); break;
            case 3: parts.Add($"campaign=Campaign_{random.Next(1, 11)}"); break;
            case 4: parts.Add("brand=" + (user.Brand ?? DemoDataGenerator.Catalogue[random.Next(DemoDataGenerator.Catalogue.Count)].Brand)); break;
            case 5: parts.Add("cost=declared"); break;
        }
        return string.Join('&', parts);
    }

    /// <summary>The mix: (kind, weight, URL). The overview is the most common and is the one whose totals are checked.</summary>
    static (string Kind, string Url) Pick(Random random, User user, DateOnly last)
    {
        var view = View(random, user, last);
        string Q(string path, string extra = "") =>
            path + (view.Length + extra.Length > 0 ? "?" + string.Join('&', new[] { view, extra }.Where(s => s.Length > 0)) : "");
        var roll = random.Next(100);
        return roll switch
        {
            < 30 => ("overview", Q("/")),
            < 45 => ("campaigns", Q("/Campaigns")),
            < 63 => ("influencers", Q("/Influencers", (random.Next(2) == 0 ? "q=" + Searches[random.Next(Searches.Length)] + "&" : "") + $"p={random.Next(1, 4)}")),
            < 75 => ("insights", Q("/Insights")),
            < 83 => ("payouts", Q("/Payouts")),
            < 96 => ("json twin", Q(new[] { "/api/kpis", "/api/campaigns", "/api/influencers", "/api/insights" }[random.Next(4)])),
            < 99 => ("CSV export", Q("/Campaigns", "handler=Csv")),
            _ => ("PDF", Q("/", "handler=Pdf")),
        };
    }

    static async Task LoopAsync(User user, int index, DateOnly last, int thinkMs, Tally tally, CancellationToken stop)
    {
        var random = new Random(1_000 + index);
        var others = DemoDataGenerator.Catalogue.Select(p => p.Brand).Distinct().Where(b => b != user.Brand).ToArray();
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(random.Next(thinkMs / 2, thinkMs * 3 / 2 + 1), stop);
                var (kind, url) = Pick(random, user, last);
                if (await RequestAsync(user, kind, url, tally) is not { } body) continue;
                if (!user.Admin && kind != "PDF")
                {
                    // Brand isolation: a manager's page, twin or CSV never names another brand.
                    Interlocked.Increment(ref tally.ScopeScanned);
                    if (others.FirstOrDefault(b => body.Contains(b, StringComparison.Ordinal)) is { } leaked)
                    {
                        Interlocked.Increment(ref tally.ScopeLeaks);
                        tally.Error($"{user.Scope}: {url} names {leaked}");
                    }
                }
                if (kind == "overview" && random.Next(4) == 0) await CheckTotalsAsync(user, url, body, tally);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested) { }
    }

    /// <summary>One timed request; its body (null after an error, recorded), or empty for a PDF.</summary>
    static async Task<string?> RequestAsync(User user, string kind, string url, Tally tally)
    {
        var phase = tally.Phase;
        var epoch = tally.Epoch;
        var started = Stopwatch.GetTimestamp();
        var watch = Stopwatch.StartNew();
        Interlocked.Increment(ref tally.Requests);
        try
        {
            using var response = await user.Client.GetAsync(url);
            var body = kind == "PDF" ? (await response.Content.ReadAsByteArrayAsync()).Length.ToString(CultureInfo.InvariantCulture) : await response.Content.ReadAsStringAsync();
            watch.Stop();
            if ((int)response.StatusCode >= 400)
            {
                tally.Error($"{user.Scope}: {url}: {(int)response.StatusCode}");
                return null;
            }
            // Cold: the first answer of its view (scope, URL) in the data version the server computed it from, or one asked
            // before that first answer ended (it waited for the same computation). The server names the version it read.
            var version = response.Headers.TryGetValues(Reports.DataVersionHeader, out var values) ? values.First() : "?";
            var ended = Stopwatch.GetTimestamp();
            var firstEnded = tally.FirstOfView.GetOrAdd($"{epoch} {version} {user.Scope} {url}", ended);
            tally.Samples.Add(new Sample(kind, phase, watch.Elapsed.TotalMilliseconds, Cold: firstEnded == ended || started < firstEnded));
            return body;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            tally.Error($"{user.Scope}: {url}: {(e is TaskCanceledException ? $"no answer within {RequestTimeout.TotalSeconds:F0} s" : e.Message)}");
            return null;
        }
    }

    static readonly Regex RevenueCard = new("data-kpi=\"Revenue\"[\\s\\S]*?kpi-value\">[^<0-9]*([0-9,]+\\.[0-9]{2})<", RegexOptions.Compiled);

    /// <summary>
    /// The overview's revenue card against /api/kpis of the same view. An upload committed between the two changes both:
    /// a difference counts only if the page differs from the twin read before and after it again.
    /// </summary>
    static async Task CheckTotalsAsync(User user, string url, string page, Tally tally)
    {
        var card = RevenueCard.Match(page);
        if (!card.Success)
        {
            tally.Error($"{user.Scope}: {url}: no revenue card");
            return;
        }
        var query = url.Contains('?') ? url[url.IndexOf('?')..] : "";
        try
        {
            Interlocked.Increment(ref tally.TotalsChecked);
            for (var attempt = 0; attempt < 2; attempt++)
            {
                var twin = await user.Client.GetFromJsonAsync<JsonElement>("/api/kpis" + query);
                var revenue = twin.GetProperty("revenue").GetDecimal().ToString("N2", CultureInfo.InvariantCulture);
                if (revenue == card.Groups[1].Value) return;
                if (attempt == 0)
                {
                    page = await user.Client.GetStringAsync(url);
                    card = RevenueCard.Match(page);
                }
                else tally.Error($"{user.Scope}: {url}: revenue {card.Groups[1].Value} on the page, {revenue} in /api/kpis");
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
        {
            tally.Error($"{user.Scope}: {url}: the totals check failed: {e.Message}");
        }
    }

    static async Task<long> OrdersAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/kpis?" + query)).GetProperty("orders").GetInt64();

    sealed record Ingest(double PostSeconds, double IngestSeconds, double DoneSeconds, int Uploads);

    /// <summary>
    /// An admin's upload through the page (multipart, to the redirect; a client of its own with a long time-out), then the upload row polled until it is finished:
    /// the ingest's own time is the job's (StartedAt to FinishedAt). <paramref name="meanwhile"/> runs beside the wait (--faults).
    /// </summary>
    static async Task<Ingest> UploadAndWaitAsync(IServiceProvider services, HttpClient admin, string batch, Func<int, Task>? meanwhile)
    {
        var start = Stopwatch.StartNew();
        var form = await admin.GetStringAsync("/Uploads");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var content = new MultipartFormDataContent();
        await using var file = File.OpenRead(batch);
        content.Add(new StreamContent(file), "Input.Files", "tracking_data.csv");
        content.Add(new StringContent(token), "__RequestVerificationToken");
        using var response = await admin.PostAsync("/Uploads", content);
        var post = start.Elapsed.TotalSeconds;
        if (response.StatusCode != HttpStatusCode.Redirect || response.Headers.Location is null)
            throw new InvalidOperationException($"the upload page answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        var id = int.Parse(Regex.Match(response.Headers.Location.OriginalString, @"(\d+)\D*$").Groups[1].Value, CultureInfo.InvariantCulture);
        var fault = meanwhile?.Invoke(id) ?? Task.CompletedTask;
        var done = await WaitForAsync(services, id, u => u.IsFinished, IngestPatience);
        await fault;
        if (done.Status != UploadStatus.Succeeded) throw new InvalidOperationException($"upload #{id} failed: {done.Report}");
        using var scope = services.CreateScope();
        var sha = done.Files.Single().Sha256;
        var applied = await scope.ServiceProvider.GetRequiredService<CampaignDbContext>().Uploads.AsNoTracking()
            .CountAsync(u => u.Status == UploadStatus.Succeeded && u.Files.Any(f => f.Sha256 == sha));
        return new Ingest(post, (done.FinishedAt!.Value - done.StartedAt!.Value).TotalSeconds, start.Elapsed.TotalSeconds, applied);
    }

    static async Task<Upload> WaitForAsync(IServiceProvider services, int id, Func<Upload, bool> condition, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < timeout)
        {
            using (var scope = services.CreateScope())
            {
                var upload = await scope.ServiceProvider.GetRequiredService<CampaignDbContext>().Uploads.AsNoTracking().Include(u => u.Files).SingleAsync(u => u.Id == id);
                if (condition(upload)) return upload;
            }
            await Task.Delay(100);
        }
        throw new TimeoutException($"upload #{id}: waited {timeout.TotalMinutes:F0} min in vain");
    }

    /// <summary>Null when the stored tracking rows and the admin's unfiltered revenue are those of the uploaded files; else what differs.</summary>
    static async Task<string?> ExactTotalsAsync(IServiceProvider services, HttpClient admin, IReadOnlyList<string> trackingFiles)
    {
        long rows = 0;
        decimal revenue = 0;
        foreach (var path in trackingFiles)
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                rows++;
                revenue += decimal.Parse(line.AsSpan(line.LastIndexOf(',') + 1), CultureInfo.InvariantCulture);
            }
        using var scope = services.CreateScope();
        var stored = await scope.ServiceProvider.GetRequiredService<CampaignDbContext>().TrackingRows.LongCountAsync();
        var shown = (await admin.GetFromJsonAsync<JsonElement>("/api/kpis")).GetProperty("revenue").GetDecimal();
        return stored == rows && shown == revenue ? null : $"{stored:N0} tracking rows stored, {rows:N0} uploaded; revenue {shown:N2} shown, {revenue:N2} uploaded";
    }

    static void Report(TextWriter stdout, Options options, Tally tally, Ingest idle, Ingest loaded, List<string> stale, string? exact, TimeSpan took,
        TimeSpan duringStart, TimeSpan afterStart)
    {
        var samples = tally.Samples.ToList();
        stdout.WriteLine();
        stdout.WriteLine($"bench-load, scale {options.Bench.Scale}, {options.Users} users, think {options.ThinkMs} ms, {took.TotalSeconds:F0} s " +
                         $"(the loaded ingest from {duringStart.TotalSeconds:F0} s to {afterStart.TotalSeconds:F0} s){(options.Faults ? ", --faults: the server killed and restarted during it" : "")}");
        var seconds = new Dictionary<Phase, double>
        {
            [Phase.Before] = duringStart.TotalSeconds, [Phase.During] = (afterStart - duringStart).TotalSeconds, [Phase.After] = (took - afterStart).TotalSeconds,
        };
        stdout.WriteLine($"  {"page kind",-12} {"phase",-7} {"requests",8} {"per s",6} {"cold",6} {"p50",8} {"p95",8} {"p99",8} {"max",8}   {"cached p95",10} {"cold p95",9}");
        foreach (var kind in samples.Select(s => s.Kind).Distinct().Order().Append("all"))
        foreach (var phase in Enum.GetValues<Phase>())
        {
            var these = samples.Where(s => (kind == "all" || s.Kind == kind) && s.Phase == phase).ToList();
            if (these.Count == 0) continue;
            var all = these.Select(s => s.Ms).ToList();
            var cached = these.Where(s => !s.Cold).Select(s => s.Ms).ToList();
            var cold = these.Where(s => s.Cold).Select(s => s.Ms).ToList();
            stdout.WriteLine($"  {kind,-12} {phase.ToString().ToLowerInvariant(),-7} {these.Count,8:N0} {these.Count / seconds[phase],6:F1} {cold.Count,6:N0} {P(all, 50),8} {P(all, 95),8} {P(all, 99),8} {P(all, 100),8}   {P(cached, 95),10} {P(cold, 95),9}");
        }
        stdout.WriteLine($"  requests {tally.Requests:N0}; errors {tally.Errors.Count} (non-2xx/3xx, time-outs after {RequestTimeout.TotalSeconds:F0} s, totals differing from /api/kpis in " +
                         $"{tally.TotalsChecked:N0} overview checks); brand isolation: {tally.ScopeLeaks} of {tally.ScopeScanned:N0} brand managers' responses name another brand" +
                         (options.Faults ? $"; {tally.RestartFailures.Count} requests failed while the server restarted (expected)" : ""));
        foreach (var error in tally.Errors.Take(20)) stdout.WriteLine("    " + error);
        stdout.WriteLine($"  ingest of {Path.GetFileName("tracking_data.csv")}: idle {idle.IngestSeconds:F1} s, under load {loaded.IngestSeconds:F1} s " +
                         $"= {loaded.IngestSeconds / idle.IngestSeconds:F2}× (upload request {idle.PostSeconds:F1} s idle, {loaded.PostSeconds:F1} s loaded; upload start to done {idle.DoneSeconds:F1} / {loaded.DoneSeconds:F1} s)" +
                         (options.Faults ? "; under load it includes the restart: the time is the rerun's, from its start after the restart" : ""));
        var during = samples.Where(s => s.Phase == Phase.During).ToList();
        var cachedP95 = during.Where(s => !s.Cold).Select(s => s.Ms).ToList() is { Count: > 0 } c ? PageBench.P(c, 95) : 0;
        var coldP95 = during.Where(s => s.Cold).Select(s => s.Ms).ToList() is { Count: > 0 } d ? PageBench.P(d, 95) : 0;
        string Met(bool met) => met ? "met" : "NOT met";
        stdout.WriteLine($"targets: zero errors ({Met(tally.Errors.IsEmpty)}, {tally.Errors.Count}); brand isolation ({Met(tally.ScopeLeaks == 0)}); " +
                         $"p95 during the ingest < {CachedP95Ms} ms cached ({Met(cachedP95 < CachedP95Ms)}, {cachedP95:F0} ms) and < {ColdP95Ms} ms cold ({Met(coldP95 < ColdP95Ms)}, {coldP95:F0} ms); " +
                         $"new data at the first request after done ({Met(stale.Count == 0)}{(stale.Count > 0 ? ": stale for " + string.Join(", ", stale) : "")}); " +
                         $"ingest ≤ {IngestRatio}× idle ({Met(loaded.IngestSeconds <= IngestRatio * idle.IngestSeconds)}, {loaded.IngestSeconds / idle.IngestSeconds:F2}×); " +
                         $"applied once ({Met(loaded.Uploads == 1)}); totals exact ({Met(exact is null)}{(exact is null ? "" : ": " + exact)})");
    }

    static string P(List<double> values, int percentile) => values.Count == 0 ? "" : $"{PageBench.P(values, percentile):F0}ms";
}
