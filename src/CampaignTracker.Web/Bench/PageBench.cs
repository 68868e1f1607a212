using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Ingestion;
using CampaignTracker.Web.Reporting;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Bench;

/// <summary>
/// `bench-pages [--scale N] [--data DIR]` (README, Benchmarks; issue 4): ingests generate-demo data at the scale,
/// times a full snapshot refresh, then starts the app as its own process on a loopback port and times every page
/// and JSON twin for an admin and a brand manager over typical filter combinations: the first request of each
/// combination (result cache cold) and repeats of it (warm). Times are measured by the client on loopback, so they
/// include the HTTP round trip: an upper bound of server time. Run it on a Release build.
/// </summary>
public static class PageBench
{
    public const int WarmRepeats = 5;

    static readonly string[] Pages = ["/", "/Campaigns", "/Influencers", "/Posts", "/Insights", "/api/kpis", "/api/campaigns", "/api/influencers", "/api/posts", "/api/insights"];

    /// <summary>Typical views: none, date ranges, sales cuts, influencer kinds, and mixes of them (dates relative to the data's last day).</summary>
    static IEnumerable<string> Filters(DateOnly last) =>
    [
        "",
        $"from={last.AddDays(-29):yyyy-MM-dd}&to={last:yyyy-MM-dd}",
        $"from={last.AddDays(-89):yyyy-MM-dd}&to={last:yyyy-MM-dd}&brand=MuscleBlaze",
        "platform=Instagram",
        "category=Fitness&tier=Micro",
        "campaign=Campaign_3",
        $"product=Biotin&from={last.AddDays(-59):yyyy-MM-dd}&to={last:yyyy-MM-dd}",
        "gender=Female&platform=YouTube&cost=declared",
        $"brand=HKVitals&brand=Gritzo&tier=Mid&tier=Macro&from={last.AddDays(-179):yyyy-MM-dd}&to={last:yyyy-MM-dd}",
        "cost=declared",
    ];

    /// <summary>Views for the process warm-up only: none of them is among <see cref="Filters"/>, whose first requests stay cold.</summary>
    static IEnumerable<string> WarmUpViews(DateOnly last) =>
    [
        $"from={last:yyyy-MM-dd}&to={last:yyyy-MM-dd}",
        "tier=Nano&cost=declared",
    ];

    const int WarmUpRepeats = 40;

    /// <param name="exports">Null: time the pages; otherwise time the downloads instead (`bench-exports`, ExportBench).</param>
    public static async Task<int> RunAsync(IServiceProvider services, BenchCommand.Options options, string adminPassword, TextWriter stdout,
        Func<HttpClient, Process, TextWriter, Task<int>>? exports)
    {
        var csv = Path.Combine(options.DataFolder, "csv");
        var asOf = new DateOnly(2025, 7, 21);
        var files = DemoDataGenerator.Write(csv, new DemoOptions(options.Scale, AsOf: asOf));
        stdout.WriteLine($"generated scale {options.Scale}: {csv}");
        using (var scope = services.CreateScope())
        {
            var upload = await scope.ServiceProvider.GetRequiredService<UploadStore>().StorePathsAsync(files.All, "bench", CancellationToken.None);
            await scope.ServiceProvider.GetRequiredService<IngestUploadJob>().RunAsync(upload.Id, CancellationToken.None);
        }

        double refreshSeconds;
        using (var scope = services.CreateScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
            var refresh = Stopwatch.StartNew();
            await scope.ServiceProvider.GetRequiredService<RefreshSnapshotsJob>().RunAsync(CancellationToken.None);   // an admin's "refresh now"
            refreshSeconds = refresh.Elapsed.TotalSeconds;
            stdout.WriteLine($"snapshot refresh of the whole data set: {refreshSeconds:F1} s ({await db.SalesDaily.CountAsync():N0} daily sales rows, {await db.PostDaily.CountAsync():N0} daily post rows)");
        }
        var manager = await CreateBrandManagerAsync(services, "bench-manager@bench.local", "MuscleBlaze");
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        var port = FreePort();
        using var app = StartApp(options, port, adminPassword);
        try
        {
            var baseUrl = $"http://127.0.0.1:{port}";
            var started = Stopwatch.StartNew();
            await WaitForHealthAsync(baseUrl, TimeSpan.FromMinutes(2));
            stdout.WriteLine($"start to healthy (the snapshots are loaded into memory before the server listens): {started.Elapsed.TotalSeconds:F2} s");
            var admin = await SignInAsync(baseUrl, BenchAdminEmail, adminPassword);
            var first = Stopwatch.StartNew();
            (await admin.GetAsync("/api/kpis")).EnsureSuccessStatusCode();
            stdout.WriteLine($"first request after start: {first.Elapsed.TotalSeconds:F2} s");
            if (exports is not null) return await exports(admin, app, stdout);
            var brandManager = await SignInAsync(baseUrl, manager.Email, manager.Password);

            // The targets are about the cache, not a process's first minute: before timing, every page and twin serves
            // views that are not timed below, often enough for the runtime to finish compiling its hot methods.
            var warmUp = Stopwatch.StartNew();
            foreach (var page in Pages)
            foreach (var client in new[] { admin, brandManager })
            foreach (var view in WarmUpViews(asOf))
                for (var i = 0; i < WarmUpRepeats; i++)
                    await TimeAsync(client, page + "?" + view);
            stdout.WriteLine($"process warm-up: each page and twin {WarmUpRepeats} times per user and per view for {WarmUpViews(asOf).Count()} views " +
                             $"not timed below ({warmUp.Elapsed.TotalSeconds:F1} s)");

            stdout.WriteLine();
            stdout.WriteLine($"page times, scale {options.Scale}, {Filters(asOf).Count()} filter combinations × admin and brand manager; cold = first request of a view, warm = {WarmRepeats} repeats");
            stdout.WriteLine($"  {"page",-18} {"cold p50",9} {"cold p95",9} {"cold max",9} {"warm p50",9} {"warm p95",9}");
            var allCold = new List<double>();
            var allWarm = new List<double>();
            var coldMisses = new List<string>();
            var warmMisses = new List<string>();
            foreach (var page in Pages)
            {
                var (cold, warm) = await TimeViewsAsync([admin, brandManager], page, Filters(asOf));
                allCold.AddRange(cold);
                allWarm.AddRange(warm);
                if (P(cold, 95) >= 150) coldMisses.Add($"{page} {P(cold, 95):F0} ms");
                if (P(warm, 95) >= 10) warmMisses.Add($"{page} {P(warm, 95):F1} ms");
                stdout.WriteLine($"  {page,-18} {P(cold, 50),7:F1}ms {P(cold, 95),7:F1}ms {cold.Max(),7:F1}ms {P(warm, 50),7:F1}ms {P(warm, 95),7:F1}ms");
            }
            stdout.WriteLine($"  {"all pages",-18} {P(allCold, 50),7:F1}ms {P(allCold, 95),7:F1}ms {allCold.Max(),7:F1}ms {P(allWarm, 50),7:F1}ms {P(allWarm, 95),7:F1}ms");
            var postList = await PostListAsync([admin, brandManager], asOf, stdout);
            stdout.WriteLine("slowest computations (the app's log):");
            foreach (var line in SlowComputations.OrderByDescending(l => double.TryParse(System.Text.RegularExpressions.Regex.Match(l, @"in (\d+) ms").Groups[1].Value, out var ms) ? ms : 0).Take(12))
                stdout.WriteLine("  " + line);
            // The targets are per page (issue 4): every page and twin must meet them, not only all of them together.
            string Verdict(List<string> misses) => misses.Count == 0 ? "met by every page" : "NOT met by " + string.Join(", ", misses);
            stdout.WriteLine($"targets per page: p95 < 150 ms cold ({Verdict(coldMisses)}); p95 < 10 ms warm ({Verdict(warmMisses)}); " +
                             $"refresh < 20 s ({(refreshSeconds < 20 ? "met" : "NOT met")}, {refreshSeconds:F1} s)");
            stdout.WriteLine($"targets of the post list with a search (issue 18): cold < {PostListColdMs} ms ({postList.Cold}); warm < {PostListWarmMs} ms ({postList.Warm})");
            return 0;
        }
        finally
        {
            if (!app.HasExited) app.Kill(entireProcessTree: true);
        }
    }

    public const string BenchAdminEmail = "admin@bench.local";

    /// <summary>Each view's first request (cold) and <see cref="WarmRepeats"/> repeats of it (warm), for each client.</summary>
    static async Task<(List<double> Cold, List<double> Warm)> TimeViewsAsync(HttpClient[] clients, string page, IEnumerable<string> views)
    {
        var cold = new List<double>();
        var warm = new List<double>();
        foreach (var client in clients)
        {
            foreach (var view in views)
            {
                var url = page + (view.Length > 0 ? "?" + view : "");
                cold.Add(await TimeAsync(client, url));
                for (var i = 0; i < WarmRepeats; i++) warm.Add(await TimeAsync(client, url));
            }
        }
        return (cold, warm);
    }

    public const double PostListColdMs = 300, PostListWarmMs = 50;

    /// <summary>Post list searches (issue 18): words of captions, a URL's domain, an influencer's name, with filters, sorts and pages.</summary>
    static IEnumerable<string> PostSearches(DateOnly last) =>
    [
        "q=decade",
        "q=computer&sort=reach&dir=desc",
        "q=jackson&sort=err&dir=desc",
        $"q=decade&from={last.AddDays(-29):yyyy-MM-dd}&to={last:yyyy-MM-dd}",
        "q=business&brand=MuscleBlaze&sort=likes&dir=desc",
        "q=community&platform=Instagram&sort=engagements&p=3",
        "q=daughter%20debate&category=Fitness",
        "q=.info/&tier=Micro&sort=comments",
        "q=nothing-has-this",
        "q=care&cost=declared&sort=date&p=2",
    ];

    /// <summary>
    /// Issue 18: /Posts and /api/posts with a search over the 1M posts. The data version's search index (every URL and caption)
    /// and its post orders (one per sort column) are built first and timed apart, as the snapshots' loading is: they are built
    /// once per data version, by the first search and the first sort of it, not per view.
    /// </summary>
    static async Task<(string Cold, string Warm)> PostListAsync(HttpClient[] clients, DateOnly last, TextWriter stdout)
    {
        var build = Stopwatch.StartNew();
        await TimeAsync(clients[0], "/api/posts?q=warm-up");
        var index = build.Elapsed.TotalSeconds;
        foreach (var column in Reporting.PostOrder.Columns) await TimeAsync(clients[0], $"/api/posts?q=warm-up&sort={column}");
        stdout.WriteLine($"post list of the data version: search index built in {index:F2} s (first search), the {Reporting.PostOrder.Columns.Length} post orders in " +
                         $"{build.Elapsed.TotalSeconds - index:F2} s (first sort by each column)");
        stdout.WriteLine($"post list with a search, {PostSearches(last).Count()} searches × admin and brand manager; cold = first request of a search, warm = {WarmRepeats} repeats");
        var coldMisses = new List<string>();
        var warmMisses = new List<string>();
        foreach (var page in new[] { "/Posts", "/api/posts" })
        {
            var (cold, warm) = await TimeViewsAsync(clients, page, PostSearches(last));
            if (P(cold, 95) >= PostListColdMs || cold.Max() >= PostListColdMs) coldMisses.Add($"{page} p95 {P(cold, 95):F0} ms, max {cold.Max():F0} ms");
            if (P(warm, 95) >= PostListWarmMs || warm.Max() >= PostListWarmMs) warmMisses.Add($"{page} p95 {P(warm, 95):F1} ms, max {warm.Max():F1} ms");
            stdout.WriteLine($"  {page + "?q=…",-18} {P(cold, 50),7:F1}ms {P(cold, 95),7:F1}ms {cold.Max(),7:F1}ms {P(warm, 50),7:F1}ms {P(warm, 95),7:F1}ms {warm.Max(),7:F1}ms (warm max)");
        }
        string Verdict(List<string> misses) => misses.Count == 0 ? "met by every request" : "NOT met: " + string.Join(", ", misses);
        return (Verdict(coldMisses), Verdict(warmMisses));
    }

    /// <summary>The app's "Computed … in … ms" log lines (SnapshotCache.SlowMilliseconds): where cold time goes.</summary>
    static readonly System.Collections.Concurrent.ConcurrentQueue<string> SlowComputations = new();

    /// <summary>The app's lines on snapshots loaded into memory and uploads applied or requeued, with the time they came (bench-load).</summary>
    internal static readonly System.Collections.Concurrent.ConcurrentQueue<(DateTime At, string Line)> ServerEvents = new();

    static async Task<double> TimeAsync(HttpClient client, string url)
    {
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync(url);
        await response.Content.LoadIntoBufferAsync();
        watch.Stop();
        if (response.StatusCode != HttpStatusCode.OK) throw new InvalidOperationException($"{url}: {(int)response.StatusCode}");
        return watch.Elapsed.TotalMilliseconds;
    }

    internal static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];
    }

    static Task<(string Email, string Password)> CreateBrandManagerAsync(IServiceProvider services, string email, string brand) =>
        CreateUserAsync(services, email, Roles.BrandManager, brand);

    /// <param name="brand">The brand a brand manager is assigned; null for other roles.</param>
    internal static async Task<(string Email, string Password)> CreateUserAsync(IServiceProvider services, string email, string role, string? brand)
    {
        using var scope = services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var password = "Bench-" + Guid.NewGuid().ToString("N")[..16] + "!";
        var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
        if (!(await users.CreateAsync(user, password)).Succeeded || !(await users.AddToRoleAsync(user, role)).Succeeded)
            throw new InvalidOperationException($"could not create the {role} {email}");
        if (brand is null) return (email, password);
        db.UserBrands.Add(new UserBrand { UserId = user.Id, BrandId = await db.Brands.Where(b => b.Name == brand).Select(b => b.Id).SingleAsync() });
        await db.SaveChangesAsync();
        return (email, password);
    }

    internal static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // The app in its own process (no job server unless `environment` says so) on the bench's database. Development environment:
    // the bench speaks plain HTTP on loopback, and outside Development the app's cookies travel over HTTPS only.
    internal static Process StartApp(BenchCommand.Options options, int port, string adminPassword, IReadOnlyDictionary<string, string>? environment = null)
    {
        var self = Environment.ProcessPath!;
        var start = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(PageBench).Assembly.Location])
            : new ProcessStartInfo(self);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add($"http://127.0.0.1:{port}");
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        start.Environment["Storage__DataDirectory"] = BenchCommand.DatabaseFolder(options);
        start.Environment["Database__Provider"] = "Sqlite";
        start.Environment["Jobs__RunServer"] = "false";
        start.Environment["Demo__SeedOnFirstRun"] = "false";
        start.Environment["Bootstrap__AdminEmail"] = BenchAdminEmail;
        start.Environment["Bootstrap__AdminPassword"] = adminPassword;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) start.Environment[key] = value;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data?.Contains("Computed ") == true) SlowComputations.Enqueue(e.Data.Trim());
            if (e.Data is { } line && (line.Contains("Loaded snapshots") || line.Contains(" applied in ") || line.Contains("queued again") || line.Contains("least recently used dropped")))
                ServerEvents.Enqueue((DateTime.UtcNow, line.Trim()));
        };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    internal static async Task WaitForHealthAsync(string baseUrl, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if ((await client.GetAsync("/healthz")).IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(200);
        }
        throw new TimeoutException("the app did not start");
    }

    internal static async Task<HttpClient> SignInAsync(string baseUrl, string email, string password, TimeSpan? timeout = null)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false }) { BaseAddress = new Uri(baseUrl), Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        var form = await client.GetStringAsync("/Account/Login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Input.Email"] = email, ["Input.Password"] = password, ["__RequestVerificationToken"] = token,
        }));
        if (response.StatusCode != HttpStatusCode.Redirect) throw new InvalidOperationException($"sign-in as {email} failed: {(int)response.StatusCode}");
        return client;
    }
}
