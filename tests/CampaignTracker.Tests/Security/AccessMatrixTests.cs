using System.Net;
using System.Text.RegularExpressions;
using CampaignTracker.Tests.Integration;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CampaignTracker.Tests.Security;

/// <summary>
/// Every endpoint of the app, found in its EndpointDataSource (pages with each of their handlers, JSON twins,
/// /hangfire, /healthz), requested as anonymous, brand manager of A, brand manager of B, admin and Finance. An endpoint
/// without an expectation here fails the test: a new page must say who may open it. Every HTML answer carries
/// the Content-Security-Policy.
/// </summary>
[Collection(AppCollection.Name)]
public class AccessMatrixTests(SecurityApp app, ITestOutputHelper output) : IClassFixture<SecurityApp>
{
    // Outcomes: a status code, or "login" = redirected to the sign-in page.
    const string Login = "login", Ok = "200", Found = "302", Bad = "400", Unauthorized = "401", Forbidden = "403", NotFound = "404";

    /// <param name="Key">"VERB /Page/Path[?handler=Name]" for pages, "VERB pattern" for other endpoints.</param>
    /// <param name="Url">What to request; {failed}, {target} and {removed} are filled in.</param>
    /// <param name="Fresh">The request ends the session (sign-out): sent from a client signed in for it alone.</param>
    sealed record Expect(string Key, string Url, string Anonymous, string ManagerA, string ManagerB, string Admin, string Finance, bool Fresh = false);

    static readonly Expect[] Expectations =
    [
        new("GET /Index", "/", Login, Ok, Ok, Ok, Ok),
        new("GET /Campaigns/Index", "/Campaigns", Login, Ok, Ok, Ok, Ok),
        new("GET /Influencers/Index", "/Influencers", Login, Ok, Ok, Ok, Ok),
        new("GET /Index?handler=Csv", "/?handler=Csv", Login, Ok, Ok, Ok, Ok),
        new("GET /Index?handler=Pdf", "/?handler=Pdf", Login, Ok, Ok, Ok, Ok),
        new("GET /Insights/Index?handler=Pdf", "/Insights?handler=Pdf", Login, Ok, Ok, Ok, Ok),
        new("GET /Campaigns/Index?handler=Csv", "/Campaigns?handler=Csv", Login, Ok, Ok, Ok, Ok),
        new("GET /Campaigns/Details", "/Campaigns/Details?name=Campaign_1", Login, Ok, Ok, Ok, Ok),
        new("GET /Influencers/Index?handler=Csv", "/Influencers?handler=Csv", Login, Ok, Ok, Ok, Ok),
        new("GET /Influencers/Details", "/Influencers/Details?id=A1", Login, Ok, Ok, Ok, Ok),
        new("GET /Influencers/Details?handler=Csv", "/Influencers/Details?handler=Csv&id=A1&table=products", Login, Ok, Ok, Ok, Ok),
        new("GET /Campaigns/Details?handler=Csv", "/Campaigns/Details?handler=Csv&name=Campaign_1&table=products", Login, Ok, Ok, Ok, Ok),
        new("GET /Posts/Index", "/Posts", Login, Ok, Ok, Ok, Ok),
        new("GET /Posts/Index?handler=Csv", "/Posts?handler=Csv", Login, Ok, Ok, Ok, Ok),
        // Issue 18: the post list (search, sort, a page) and the CSV of every post of the view.
        new("GET /Posts/Index", "/Posts?q=example&sort=err&dir=desc&p=2", Login, Ok, Ok, Ok, Ok),
        new("GET /Posts/Index?handler=Csv", "/Posts?handler=Csv&table=all&q=example&sort=reach", Login, Ok, Ok, Ok, Ok),
        new("GET /Insights/Index", "/Insights", Login, Ok, Ok, Ok, Ok),
        new("GET /Insights/Index?handler=Csv", "/Insights?handler=Csv&table=top-revenue", Login, Ok, Ok, Ok, Ok),
        new("GET /Payouts/Index", "/Payouts", Login, Ok, Ok, Ok, Ok),
        new("GET /Payouts/Index?handler=Csv", "/Payouts?handler=Csv", Login, Ok, Ok, Ok, Ok),
        new("GET /Payouts/Index?handler=Excel", "/Payouts?handler=Excel", Login, Ok, Ok, Ok, Ok),
        new("POST /Payouts/Index?handler=Status", "/Payouts?handler=Status", Login, Forbidden, Forbidden, Found, Forbidden),   // no status: refused, said on the page
        new("POST /Uploads/Index?handler=Refresh", "/Uploads?handler=Refresh", Login, Forbidden, Forbidden, Found, Forbidden),
        new("GET /Payouts/Runs/Index", "/Payouts/Runs", Login, Ok, Ok, Ok, Ok),
        // Issue 15: admins set budgets; the overview and payouts pages show them to everyone by brand.
        new("GET /Payouts/Budgets/Index", "/Payouts/Budgets", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("POST /Payouts/Budgets/Index", "/Payouts/Budgets", Login, Forbidden, Forbidden, Ok, Forbidden),   // empty form: shown again with its errors
        new("POST /Payouts/Budgets/Index?handler=Edit", "/Payouts/Budgets?handler=Edit&id=999", Login, Forbidden, Forbidden, NotFound, Forbidden),   // no such budget
        new("POST /Payouts/Budgets/Index?handler=Remove", "/Payouts/Budgets?handler=Remove&id=999", Login, Forbidden, Forbidden, NotFound, Forbidden),
        new("POST /Payouts/Runs/Index", "/Payouts/Runs", Login, Forbidden, Forbidden, Ok, Forbidden),   // empty form: shown again with its errors; admins prepare runs
        // No run #1 in this app: every handler of a run's page answers 404 before any rule is checked.
        new("GET /Payouts/Runs/Details", "/Payouts/Runs/Details?id=1", Login, NotFound, NotFound, NotFound, NotFound),
        new("GET /Payouts/Runs/Details?handler=Excel", "/Payouts/Runs/Details?id=1&handler=Excel", Login, NotFound, NotFound, NotFound, NotFound),   // no run yet
        new("GET /Payouts/Runs/Details?handler=BankCsv", "/Payouts/Runs/Details?id=1&handler=BankCsv", Login, NotFound, NotFound, NotFound, NotFound),
        new("GET /Payouts/Runs/Details?handler=Statement", "/Payouts/Runs/Details?id=1&handler=Statement&influencer=A1", Login, NotFound, NotFound, NotFound, NotFound),
        new("POST /Payouts/Runs/Details?handler=Override", "/Payouts/Runs/Details?id=1&handler=Override", Login, NotFound, NotFound, NotFound, NotFound),
        new("POST /Payouts/Runs/Details?handler=Submit", "/Payouts/Runs/Details?id=1&handler=Submit", Login, NotFound, NotFound, NotFound, NotFound),
        new("POST /Payouts/Runs/Details?handler=Approve", "/Payouts/Runs/Details?id=1&handler=Approve", Login, NotFound, NotFound, NotFound, NotFound),
        new("POST /Payouts/Runs/Details?handler=Pay", "/Payouts/Runs/Details?id=1&handler=Pay", Login, NotFound, NotFound, NotFound, NotFound),
        new("POST /Payouts/Runs/Details?handler=Cancel", "/Payouts/Runs/Details?id=1&handler=Cancel", Login, NotFound, NotFound, NotFound, NotFound),
        new("GET /Alerts/Index", "/Alerts", Login, Ok, Ok, Ok, Ok),
        new("GET /Alerts/Index?handler=Csv", "/Alerts?handler=Csv", Login, Ok, Ok, Ok, Ok),
        new("POST /Alerts/Index?handler=Acknowledge", "/Alerts?handler=Acknowledge", Login, NotFound, NotFound, NotFound, Forbidden),   // no such alert; Finance is refused before the lookup
        new("GET /api/alerts", "/api/alerts", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/insights", "/api/insights", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/posts", "/api/posts", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/posts", "/api/posts?q=example&sort=likes&p=2", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/payouts", "/api/payouts", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/payout-runs", "/api/payout-runs", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/payout-runs/{id:int}", "/api/payout-runs/1", Unauthorized, NotFound, NotFound, NotFound, NotFound),   // no run yet
        new("GET /api/influencers/{id}", "/api/influencers/A1", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/campaigns/{name}", "/api/campaigns/Campaign_2", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/kpis", "/api/kpis", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/campaigns", "/api/campaigns", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /api/influencers", "/api/influencers", Unauthorized, Ok, Ok, Ok, Ok),
        new("GET /healthz", "/healthz", Ok, Ok, Ok, Ok, Ok),
        new("GET /hangfire/{**path}", "/hangfire", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("GET /Error", "/Error?code=404", Ok, Ok, Ok, Ok, Ok),
        new("POST /Error", "/Error", Ok, Ok, Ok, Ok, Ok),
        new("GET /Account/Login", "/Account/Login", Ok, Ok, Ok, Ok, Ok),
        new("POST /Account/Login", "/Account/Login", Ok, Ok, Ok, Ok, Ok),          // empty form: shown again with its errors
        new("GET /Account/Logout", "/Account/Logout", Login, Found, Found, Found, Found),
        new("POST /Account/Logout", "/Account/Logout", Login, Login, Login, Login, Login, Fresh: true),   // signed out, then to the sign-in page
        new("GET /Account/Password", "/Account/Password", Login, Ok, Ok, Ok, Ok),
        new("POST /Account/Password", "/Account/Password", Login, Ok, Ok, Ok, Ok),
        new("GET /Account/SetPassword", "/Account/SetPassword?user=x&token=y", Ok, Ok, Ok, Ok, Ok),
        new("POST /Account/SetPassword", "/Account/SetPassword", Ok, Ok, Ok, Ok, Ok),
        new("GET /Uploads/Index", "/Uploads", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("POST /Uploads/Index", "/Uploads", Login, Forbidden, Forbidden, Ok, Forbidden),   // no file: shown again with the error
        new("GET /Uploads/Details", "/Uploads/Details/{failed}", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("GET /Uploads/Details?handler=Progress", "/Uploads/Details/{failed}?handler=Progress", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("GET /Uploads/Details?handler=Errors", "/Uploads/Details/{failed}?handler=Errors", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("GET /Users/Index", "/Users", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("GET /Users/Create", "/Users/Create", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("POST /Users/Create", "/Users/Create", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("GET /Users/Edit", "/Users/Edit/{target}", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("POST /Users/Edit", "/Users/Edit/{target}", Login, Forbidden, Forbidden, Ok, Forbidden),   // no role: refused, shown again
        new("POST /Users/Edit?handler=Lock", "/Users/Edit/{target}?handler=Lock", Login, Forbidden, Forbidden, Found, Forbidden),
        new("POST /Users/Edit?handler=Unlock", "/Users/Edit/{target}?handler=Unlock", Login, Forbidden, Forbidden, Found, Forbidden),
        new("POST /Users/Edit?handler=ResetPassword", "/Users/Edit/{target}?handler=ResetPassword", Login, Forbidden, Forbidden, Found, Forbidden),
        new("POST /Users/Edit?handler=Remove", "/Users/Edit/{removed}?handler=Remove", Login, Forbidden, Forbidden, Found, Forbidden),
        new("GET /Audit/Index", "/Audit", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("GET /Settings/Index", "/Settings", Login, Forbidden, Forbidden, Ok, Forbidden),
        // Issue 16: the outbox is the admins'; everyone with a role chooses their own mail; the unsubscribe link needs no sign-in, only its signed token.
        new("GET /Mail/Index", "/Mail", Login, Forbidden, Forbidden, Ok, Forbidden),
        new("POST /Mail/Index?handler=SendAgain", "/Mail?handler=SendAgain&id=999999", Login, Forbidden, Forbidden, NotFound, Forbidden),
        new("POST /Mail/Index?handler=PreviewDigest", "/Mail?handler=PreviewDigest", Login, Forbidden, Forbidden, Found, Forbidden),   // e-mail is off here: back to the page with the reason
        new("GET /Account/Notifications", "/Account/Notifications", Login, Ok, Ok, Ok, Ok),
        new("POST /Account/Notifications", "/Account/Notifications", Login, Ok, Ok, Ok, Ok),   // empty form: shown again with its errors
        new("GET /Unsubscribe", "/Unsubscribe?token=forged", Bad, Bad, Bad, Bad, Bad),
        new("POST /Unsubscribe", "/Unsubscribe?token=forged", Bad, Bad, Bad, Bad, Bad),
        new("POST /Settings/Index", "/Settings", Login, Forbidden, Forbidden, Ok, Forbidden),   // empty form: shown again with its errors
        new("POST /Settings/Index?handler=Alerts", "/Settings?handler=Alerts", Login, Forbidden, Forbidden, Ok, Forbidden),   // empty form: shown again with its errors
    ];

    /// <summary>Endpoints as the app routes them; pages once each (their "Index" and "" routes are one page), with every handler.</summary>
    async Task<List<string>> DiscoverAsync()
    {
        var loader = app.Services.GetRequiredService<PageLoader>();
        var keys = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>())
        {
            if (endpoint.Metadata.GetMetadata<ActionDescriptor>() is PageActionDescriptor page)
            {
                var compiled = await loader.LoadAsync(page, endpoint.Metadata);
                foreach (var handler in compiled.HandlerMethods)
                    keys.Add($"{handler.HttpMethod.ToUpperInvariant()} {page.ViewEnginePath}{(handler.Name is null ? "" : "?handler=" + handler.Name)}");
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"];   // no method metadata: any; GET is asked
            foreach (var method in methods)
                keys.Add($"{method} /{endpoint.RoutePattern.RawText?.TrimStart('/')}");
        }
        return keys.ToList();
    }

    [Fact]
    public async Task Every_endpoint_has_an_expectation_and_every_expectation_an_endpoint()
    {
        var endpoints = await DiscoverAsync();
        var expected = Expectations.Select(e => e.Key).ToList();
        Assert.Empty(endpoints.Except(expected).Select(k => $"no expectation for {k}: add it to AccessMatrixTests with a policy in Startup"));
        Assert.Empty(expected.Except(endpoints).Select(k => $"{k} is expected but the app has no such endpoint"));
    }

    [Fact]
    public async Task Every_endpoint_answers_each_role_as_expected_and_brand_managers_see_only_their_brand()
    {
        var endpoints = await DiscoverAsync();
        var failures = new List<string>();
        var roles = new (string Name, Func<Expect, string> Outcome, Func<Task<HttpClient>> Client, string[] Hidden)[]
        {
            ("anonymous", e => e.Anonymous, () => Task.FromResult(app.Anonymous), []),
            ("manager of A", e => e.ManagerA, () => Task.FromResult(app.ManagerA), [SecurityApp.BrandB, "Biotin"]),
            ("manager of B", e => e.ManagerB, () => Task.FromResult(app.ManagerB), [SecurityApp.BrandA, "Whey Protein"]),
            ("admin", e => e.Admin, () => Task.FromResult(app.Admin), []),
            ("finance", e => e.Finance, () => Task.FromResult(app.Finance), []),
        };
        var requests = 0;
        // Destructive requests last within each role's run: removal, then sign-out.
        foreach (var expect in Expectations.Where(e => endpoints.Contains(e.Key)).OrderBy(e => e.Fresh).ThenBy(e => e.Key.Contains("Remove")))
        {
            foreach (var role in roles)
            {
                var client = expect.Fresh && role.Name != "anonymous" ? await FreshClientAsync(role.Name) : await role.Client();
                var response = await SendAsync(client, expect, role.Name != "anonymous");
                requests++;
                var outcome = OutcomeOf(response);
                var body = await response.Content.ReadAsStringAsync();
                if (response.Content.Headers.ContentType?.MediaType == "text/html" && !HasStrictPolicy(response))
                    failures.Add($"{expect.Key} as {role.Name}: an HTML answer without the Content-Security-Policy");
                if (outcome != role.Outcome(expect))
                    failures.Add($"{expect.Key} as {role.Name}: {outcome}, expected {role.Outcome(expect)}");
                else if (outcome == Ok && role.Hidden.FirstOrDefault(h => body.Contains(h, StringComparison.Ordinal)) is { } leaked)
                    failures.Add($"{expect.Key} as {role.Name}: the answer shows '{leaked}' of the other brand");
            }
        }
        output.WriteLine($"{endpoints.Count} endpoints × {roles.Length} roles = {requests} requests");
        Assert.Empty(failures);
    }

    [Fact]
    public async Task Every_post_handler_refuses_a_form_without_the_antiforgery_token()
    {
        var posts = (await DiscoverAsync()).Where(k => k.StartsWith("POST ") && k != "POST /Error").ToList();
        Assert.NotEmpty(posts);
        var admin = await app.AdminAsync();
        foreach (var key in posts)
        {
            var expect = Expectations.Single(e => e.Key == key);
            var response = await admin.PostAsync(Fill(expect.Url), new FormUrlEncodedContent([]));
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{key} without a token: {(int)response.StatusCode}");
        }
    }

    async Task<HttpClient> FreshClientAsync(string role) => role switch
    {
        "admin" => await app.AdminAsync(),
        "finance" => await app.FinanceAsync($"matrix-fresh-{Guid.NewGuid():N}@test.local"),
        _ => await app.BrandManagerAsync($"matrix-fresh-{Guid.NewGuid():N}@test.local", role == "manager of A" ? SecurityApp.BrandA : SecurityApp.BrandB),
    };

    async Task<HttpResponseMessage> SendAsync(HttpClient client, Expect expect, bool signedIn)
    {
        var url = Fill(expect.Url);
        if (expect.Key.StartsWith("GET ")) return await client.GetAsync(url);
        // A form as the browser sends it: with the token of a page this client may open.
        var form = await client.GetStringAsync(signedIn ? "/Account/Password" : "/Account/Login");
        var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
    }

    string Fill(string url) => url
        .Replace("{failed}", app.FailedUploadId.ToString())
        .Replace("{target}", app.UserId("matrix-target@test.local"))
        .Replace("{removed}", app.RemovedUserId);

    /// <summary>Scripts from our own files only: no inline script, no eval; no framing.</summary>
    internal static bool HasStrictPolicy(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Content-Security-Policy", out var values) && values.Single() is var csp
        && Regex.IsMatch(csp, @"(^|;)\s*script-src 'self'\s*(;|$)") && csp.Contains("frame-ancestors 'none'");

    static string OutcomeOf(HttpResponseMessage response) =>
        response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location?.OriginalString.Contains("/Account/Login", StringComparison.OrdinalIgnoreCase) == true
            ? Login
            : ((int)response.StatusCode).ToString();
}
