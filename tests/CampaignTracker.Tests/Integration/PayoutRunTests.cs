using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Payouts;
using CampaignTracker.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CampaignTracker.Tests.Integration;

/// <summary>
/// Issue 15 on the real app and database, with the hand-made data (HandMadeData): in June 2025 A1 (order basis, rate 10,
/// declared 120) has 2 + 3 orders, B2 (post basis, rate 500, declared 500) has posts on the 2nd and 3rd and 1 + 4 orders.
/// </summary>
[Collection(AppCollection.Name)]
public class PayoutRunTests : IAsyncLifetime
{
    const string Finance1 = "finance1@test.local", Finance2 = "finance2@test.local";
    static readonly DateOnly June1 = new(2025, 6, 1), June30 = new(2025, 6, 30);

    readonly HandMadeApp app = new();   // its own data per test: runs of one test would overlap another's

    public Task InitializeAsync() => app.InitializeAsync();

    public Task DisposeAsync()
    {
        app.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The user with these roles (created with them the first time), signed in as the app would sign them in.</summary>
    async Task<ClaimsPrincipal> UserAsync(string email, params string[] roles)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            Assert.True((await users.CreateAsync(user, AppFactory.AdminPassword)).Succeeded);
            var roleManager = scope.ServiceProvider.GetRequiredService<RoleManager<IdentityRole>>();
            foreach (var role in roles)
            {
                // Finance is not in Roles.All until the finance-role branch lands: created here when missing.
                if (!await roleManager.RoleExistsAsync(role)) Assert.True((await roleManager.CreateAsync(new IdentityRole(role))).Succeeded);
                Assert.True((await users.AddToRoleAsync(user, role)).Succeeded);
            }
        }
        return await scope.ServiceProvider.GetRequiredService<IUserClaimsPrincipalFactory<AppUser>>().CreateAsync(user);
    }

    Task<ClaimsPrincipal> AdminAsync() => UserAsync(AppFactory.AdminEmail);

    Task<ClaimsPrincipal> FinanceAsync(string email = Finance1) => UserAsync(email, Roles.Finance);

    /// <summary>One request's worth of service: its own scope and DbContext.</summary>
    async Task<RunOutcome> DoAsync(Func<PayoutRunTransitions, Task<RunOutcome>> act)
    {
        using var scope = app.Services.CreateScope();
        return await act(scope.ServiceProvider.GetRequiredService<PayoutRunTransitions>());
    }

    async Task<int> CreateAsync(ClaimsPrincipal by, DateOnly from, DateOnly to, int? brandId = null)
    {
        var outcome = await DoAsync(t => t.CreateAsync(by, from, to, brandId, CancellationToken.None));
        Assert.True(outcome.Done, outcome.Message);
        return outcome.RunId!.Value;
    }

    async Task<PayoutRun> RunAsync(int id)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        return await db.PayoutRuns.AsNoTracking().Include(r => r.Lines).SingleAsync(r => r.Id == id);
    }

    async Task<Dictionary<string, PayoutRunLine>> LinesAsync(int id)
    {
        using var scope = app.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<CampaignDbContext>();
        var names = await db.Influencers.ToDictionaryAsync(i => i.Id, i => i.ExternalId);
        return (await RunAsync(id)).Lines.ToDictionary(l => names[l.InfluencerId]);
    }

    async Task<int> SubmittedRunAsync()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin, June1, June30);
        Assert.True((await DoAsync(t => t.SubmitAsync(id, null, admin, CancellationToken.None))).Done);
        return id;
    }

    static void Refused(string message, RunOutcome outcome)
    {
        Assert.False(outcome.Done);
        Assert.Equal(message, outcome.Message);
    }

    [Fact]
    public async Task A_run_for_June_has_one_line_per_influencer_with_earned_declared_and_difference()
    {
        var lines = await LinesAsync(await CreateAsync(await AdminAsync(), June1, June30));

        Assert.Equal(["A1", "B2"], lines.Keys.Order());   // C3 has no contract
        // A1, order basis: 10 × (2 + 3) orders = 50; declared 120 → +70, beyond tolerance
        Assert.Equal((PayoutBasis.Order, 10m, 5L, 50m, 120m, 70m, 50m), (lines["A1"].Basis, lines["A1"].Rate, lines["A1"].Orders,
            lines["A1"].Earned, lines["A1"].Declared, lines["A1"].Difference, lines["A1"].Amount));
        // B2, post basis: 500 × 2 posts = 1,000; declared 500 → −500
        Assert.Equal((PayoutBasis.Post, 2L, 5L, 1_000m, -500m), (lines["B2"].Basis, lines["B2"].Posts, lines["B2"].Orders, lines["B2"].Earned, lines["B2"].Difference));
        Assert.All(lines.Values, l => Assert.True(l.MustBeTicked));
    }

    [Fact]
    public async Task A_period_that_cuts_activity_pays_only_what_falls_in_it()
    {
        var day3 = new DateOnly(2025, 6, 3);

        var lines = await LinesAsync(await CreateAsync(await AdminAsync(), day3, day3));

        // A1's orders are on the 1st and 2nd: no line. B2: 1 post on the 3rd × 500 = 500, its 4 orders that day; declared 500 → 0
        var b2 = Assert.Single(lines).Value;
        Assert.Equal((1L, 4L, 500m, 0m, false), (b2.Posts, b2.Orders, b2.Earned, b2.Difference, b2.MustBeTicked));
    }

    [Fact]
    public async Task A_brand_run_shares_post_costs_by_revenue_as_the_payouts_page_does()
    {
        int muscleBlaze;
        using (var scope = app.Services.CreateScope())
            muscleBlaze = await scope.ServiceProvider.GetRequiredService<CampaignDbContext>().Brands.Where(b => b.Name == "MuscleBlaze").Select(b => b.Id).SingleAsync();

        var lines = await LinesAsync(await CreateAsync(await AdminAsync(), June1, June30, muscleBlaze));

        Assert.Equal((2L, 20m), (lines["A1"].Orders, lines["A1"].Earned));   // 10 × 2 MuscleBlaze orders
        Assert.Equal(600m, lines["B2"].Earned);                                // 1,000 of posts × 600 / 1,000 of B2's revenue
        Assert.Equal(muscleBlaze, (await RunAsync(lines["A1"].RunId)).BrandId);
    }

    [Fact]
    public async Task The_happy_path_goes_from_draft_to_paid_and_every_step_is_recorded_and_audited()
    {
        var admin = await AdminAsync();
        var finance = await FinanceAsync();
        var id = await CreateAsync(admin, June1, June30);
        var lines = await LinesAsync(id);

        Assert.True((await DoAsync(t => t.OverrideAsync(id, lines["A1"].Id, 120m, "contract minimum", admin, CancellationToken.None))).Done);
        Assert.True((await DoAsync(t => t.SubmitAsync(id, "June", admin, CancellationToken.None))).Done);
        var approved = await DoAsync(t => t.ApproveAsync(id, [lines["A1"].Id, lines["B2"].Id], "checked", finance, CancellationToken.None));
        Assert.True(approved.Done, approved.Message);
        var paid = await DoAsync(t => t.MarkPaidAsync(id, "UTR-2025-07-01", new DateOnly(2025, 7, 1), null, null, finance, CancellationToken.None));
        Assert.True(paid.Done, paid.Message);

        var run = await RunAsync(id);
        Assert.Equal(PayoutRunState.Paid, run.State);
        Assert.Equal((AppFactory.AdminEmail, AppFactory.AdminEmail, Finance1, Finance1), (run.PreparedBy, run.SubmittedBy, run.ApprovedBy, run.PaidBy));
        Assert.All(new DateTime?[] { run.SubmittedAt, run.ApprovedAt, run.PaidAt }, at => Assert.True(at >= run.PreparedAt));
        Assert.Equal(("June", "checked", "UTR-2025-07-01", new DateOnly(2025, 7, 1)), (run.SubmitNote, run.ApproveNote, run.PaymentReference, run.PaymentDate));
        Assert.Equal(5, run.Version);   // created 1, then override, submit, approve, paid
        var a1 = run.Lines.Single(l => l.Id == lines["A1"].Id);
        Assert.Equal((120m, 50m, "contract minimum", true), (a1.Amount, a1.Earned, a1.OverrideReason, a1.Ticked));

        using var scope = app.Services.CreateScope();
        var audit = await scope.ServiceProvider.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Subject == PayoutRunTransitions.Subject(id)).OrderBy(e => e.Id).Select(e => new { e.Action, e.Actor }).ToListAsync();
        Assert.Equal(
        [
            new { Action = AuditActions.PayoutRunCreated, Actor = AppFactory.AdminEmail }, new { Action = AuditActions.PayoutRunLineOverridden, Actor = AppFactory.AdminEmail },
            new { Action = AuditActions.PayoutRunSubmitted, Actor = AppFactory.AdminEmail }, new { Action = AuditActions.PayoutRunApproved, Actor = Finance1 },
            new { Action = AuditActions.PayoutRunPaid, Actor = Finance1 },
        ], audit);
        Assert.Contains(AuditActions.PayoutRunApproved, AuditActions.All);
    }

    [Fact]
    public async Task A_run_can_be_paid_line_by_line_but_not_without_a_reference_for_each()
    {
        var id = await SubmittedRunAsync();
        var finance = await FinanceAsync();
        var lines = await LinesAsync(id);
        Assert.True((await DoAsync(t => t.ApproveAsync(id, [lines["A1"].Id, lines["B2"].Id], null, finance, CancellationToken.None))).Done);

        Refused($"Give a payment reference and date for run #{id}, or for each of its lines (1 without one).",
            await DoAsync(t => t.MarkPaidAsync(id, null, null, [new(lines["A1"].Id, "UTR-1", new DateOnly(2025, 7, 1))], null, finance, CancellationToken.None)));
        var paid = await DoAsync(t => t.MarkPaidAsync(id, null, null,
            [new(lines["A1"].Id, "UTR-1", new DateOnly(2025, 7, 1)), new(lines["B2"].Id, "UTR-2", new DateOnly(2025, 7, 2))], null, finance, CancellationToken.None));

        Assert.True(paid.Done, paid.Message);
        var after = await LinesAsync(id);
        Assert.Equal(("UTR-2", new DateOnly(2025, 7, 2)), (after["B2"].PaymentReference, after["B2"].PaymentDate));
        Assert.Null((await RunAsync(id)).PaymentReference);
    }

    [Fact]
    public async Task Forbidden_transitions_are_refused_with_a_clear_message_and_change_nothing()
    {
        var admin = await AdminAsync();
        var manager = await UserAsync("mb-runs@test.local", Roles.BrandManager);
        var finance = await FinanceAsync();
        var both = await UserAsync("admin-finance@test.local", Roles.Admin, Roles.Finance);
        Refused("Only admins create payout runs.", await DoAsync(t => t.CreateAsync(finance, June1, June30, null, CancellationToken.None)));
        Refused("Only admins create payout runs.", await DoAsync(t => t.CreateAsync(manager, June1, June30, null, CancellationToken.None)));
        var id = await CreateAsync(both, June1, June30);
        var lines = await LinesAsync(id);
        var all = new[] { lines["A1"].Id, lines["B2"].Id };

        Refused($"Run #{id} is Draft, not Submitted.", await DoAsync(t => t.ApproveAsync(id, all, null, finance, CancellationToken.None)));
        Refused($"Run #{id} was prepared by admin-finance@test.local: only they submit it.", await DoAsync(t => t.SubmitAsync(id, null, admin, CancellationToken.None)));
        Refused($"Run #{id} was prepared by admin-finance@test.local: only they change its lines.",
            await DoAsync(t => t.OverrideAsync(id, all[0], 1m, "why", manager, CancellationToken.None)));
        Refused("An amount other than the earned one needs a reason.", await DoAsync(t => t.OverrideAsync(id, all[0], 1m, "", both, CancellationToken.None)));
        Assert.True((await DoAsync(t => t.SubmitAsync(id, null, both, CancellationToken.None))).Done);

        Refused($"Run #{id} is Submitted, not Draft: its lines no longer change.", await DoAsync(t => t.OverrideAsync(id, all[0], 1m, "why", both, CancellationToken.None)));
        Refused($"Run #{id} was prepared by you: another Finance user must approve it.", await DoAsync(t => t.ApproveAsync(id, all, null, both, CancellationToken.None)));
        Refused("Only Finance approves runs.", await DoAsync(t => t.ApproveAsync(id, all, null, admin, CancellationToken.None)));
        Refused("Only Finance approves runs.", await DoAsync(t => t.ApproveAsync(id, all, null, manager, CancellationToken.None)));
        Refused($"Run #{id}: tick each override and each difference beyond ₹1.00 and 1% before approving; not ticked: B2.",
            await DoAsync(t => t.ApproveAsync(id, [all[0]], null, finance, CancellationToken.None)));
        Refused($"Run #{id} is Submitted, not Approved.", await DoAsync(t => t.MarkPaidAsync(id, "UTR", June30, null, null, finance, CancellationToken.None)));
        Refused("Only admins and Finance cancel runs.", await DoAsync(t => t.CancelAsync(id, "no", manager, CancellationToken.None)));
        Refused("Say why the run is cancelled.", await DoAsync(t => t.CancelAsync(id, " ", finance, CancellationToken.None)));
        Assert.True((await DoAsync(t => t.CancelAsync(id, "wrong period", finance, CancellationToken.None))).Done);

        Refused($"Run #{id} was already cancelled by {Finance1}.", await DoAsync(t => t.ApproveAsync(id, all, null, finance, CancellationToken.None)));
        Refused($"Run #{id} was already cancelled by {Finance1}.", await DoAsync(t => t.CancelAsync(id, "again", admin, CancellationToken.None)));
        var run = await RunAsync(id);
        Assert.Equal((PayoutRunState.Cancelled, "wrong period", 3), (run.State, run.CancelReason, run.Version));
        Assert.All(run.Lines, l => Assert.False(l.Ticked));   // the refused approvals saved no tick
    }

    [Fact]
    public async Task A_paid_run_cannot_be_cancelled()
    {
        var id = await SubmittedRunAsync();
        var finance = await FinanceAsync();
        var lines = await LinesAsync(id);
        Assert.True((await DoAsync(t => t.ApproveAsync(id, [lines["A1"].Id, lines["B2"].Id], null, finance, CancellationToken.None))).Done);
        Assert.True((await DoAsync(t => t.MarkPaidAsync(id, "UTR", June30, null, null, finance, CancellationToken.None))).Done);

        Refused($"Run #{id} is Paid: only a Draft or Submitted run can be cancelled.", await DoAsync(t => t.CancelAsync(id, "oops", finance, CancellationToken.None)));
    }

    [Fact]
    public async Task Of_two_approvals_of_one_run_the_second_to_save_is_told_who_approved_it()
    {
        var id = await SubmittedRunAsync();
        var first = await FinanceAsync(Finance1);
        var second = await FinanceAsync(Finance2);
        var ticks = (await LinesAsync(id)).Values.Select(l => l.Id).ToList();

        // The second request has read the run (Submitted, version 2) before the first saves: its save is the stale one.
        using var late = app.Services.CreateScope();
        var lateDb = late.ServiceProvider.GetRequiredService<CampaignDbContext>();
        await lateDb.PayoutRuns.Include(r => r.Lines).SingleAsync(r => r.Id == id);
        Assert.True((await DoAsync(t => t.ApproveAsync(id, ticks, null, first, CancellationToken.None))).Done);
        var outcome = await late.ServiceProvider.GetRequiredService<PayoutRunTransitions>().ApproveAsync(id, ticks, null, second, CancellationToken.None);

        Refused($"Run #{id} was already approved by {Finance1}.", outcome);
        var run = await RunAsync(id);
        Assert.Equal((Finance1, 3), (run.ApprovedBy, run.Version));
    }

    [Fact]
    public async Task Two_approvals_at_once_exactly_one_succeeds()
    {
        var id = await SubmittedRunAsync();
        var (first, second) = (await FinanceAsync(Finance1), await FinanceAsync(Finance2));
        var ticks = (await LinesAsync(id)).Values.Select(l => l.Id).ToList();

        var outcomes = await Task.WhenAll(
            Task.Run(() => DoAsync(t => t.ApproveAsync(id, ticks, null, first, CancellationToken.None))),
            Task.Run(() => DoAsync(t => t.ApproveAsync(id, ticks, null, second, CancellationToken.None))));

        Assert.Single(outcomes, o => o.Done);
        var run = await RunAsync(id);
        Assert.Equal($"Run #{id} was already approved by {run.ApprovedBy}.", Assert.Single(outcomes, o => !o.Done).Message);
        using var scope = app.Services.CreateScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<CampaignDbContext>().AuditEntries
            .CountAsync(e => e.Action == AuditActions.PayoutRunApproved));
    }

    [Fact]
    public async Task A_period_overlapping_a_live_run_for_the_same_influencer_is_refused_with_its_number_until_it_is_cancelled()
    {
        var admin = await AdminAsync();
        var id = await CreateAsync(admin, June1, June30);
        var (june2, june10) = (new DateOnly(2025, 6, 2), new DateOnly(2025, 6, 10));

        Refused($"Run #{id} (2025-06-01 to 2025-06-30) already pays influencer A1 for part of this period: cancel it or choose another period.",
            await DoAsync(t => t.CreateAsync(admin, june2, june10, null, CancellationToken.None)));
        Assert.True((await DoAsync(t => t.CancelAsync(id, "redo by week", admin, CancellationToken.None))).Done);
        Assert.True((await DoAsync(t => t.CreateAsync(admin, june2, june10, null, CancellationToken.None))).Done);
    }

    [Fact]
    public async Task A_later_upload_changes_the_dashboard_not_a_run()
    {
        var id = await CreateAsync(await AdminAsync(), June1, June30);
        var before = await LinesAsync(id);

        var more = TestFiles.Write(("tracking_more.csv", """
            source,campaign,influencer_id,user_id,product,brand,date,orders,revenue
            s.example,Campaign_1,A1,u9,Whey Protein,MuscleBlaze,2025-06-05,10,2000.00
            """));
        Assert.Equal(UploadStatus.Succeeded, (await Ingest.FilesAsync(app, more)).Status);

        var after = await LinesAsync(id);
        Assert.Equal((5L, 50m, 50m), (after["A1"].Orders, after["A1"].Earned, after["A1"].Amount));
        Assert.Equal(before.Values.Select(l => (l.InfluencerId, l.Orders, l.Posts, l.Earned, l.Amount)),
            after.Values.Select(l => (l.InfluencerId, l.Orders, l.Posts, l.Earned, l.Amount)));
        // The payouts page now earns A1 10 × 15 orders: a new run would, the stored one does not.
        var json = await (await app.AdminAsync()).GetFromJsonAsync<JsonElement>("/api/payouts?from=2025-06-01&to=2025-06-30");
        var a1 = json.GetProperty("rows").EnumerateArray().Single(r => r.GetProperty("influencerId").GetString() == "A1");
        Assert.Equal(150m, a1.GetProperty("earned").GetDecimal());
    }

    [Fact]
    public async Task The_json_twin_lists_runs_and_shows_one_with_its_lines_and_totals()
    {
        var id = await CreateAsync(await AdminAsync(), June1, June30);
        var admin = await app.AdminAsync();

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/payout-runs");
        var run = await admin.GetFromJsonAsync<JsonElement>($"/api/payout-runs/{id}");

        var listed = Assert.Single(list.GetProperty("runs").EnumerateArray());
        Assert.Equal((id, "Draft", 1_050m), (listed.GetProperty("id").GetInt32(), listed.GetProperty("state").GetString(), listed.GetProperty("earned").GetDecimal()));
        Assert.Equal(["A1", "B2"], run.GetProperty("lines").EnumerateArray().Select(l => l.GetProperty("influencerId").GetString()!));
        Assert.Equal(1_050m, run.GetProperty("totals").GetProperty("amount").GetDecimal());   // 50 + 1,000
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await admin.GetAsync($"/api/payout-runs/{id + 1}")).StatusCode);
    }

    static async Task<HttpResponseMessage> PostAsync(HttpClient client, string formPage, string url, params (string Name, string Value)[] fields)
    {
        var page = await client.GetStringAsync(formPage);
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return await client.PostAsync(url, new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token))));
    }

    [Fact]
    public async Task An_admin_creates_submits_and_cancels_a_run_on_the_pages_and_a_refusal_is_shown_on_the_page()
    {
        var admin = await app.AdminAsync();

        var created = await PostAsync(admin, "/Payouts/Runs", "/Payouts/Runs", ("Input.From", "2025-06-01"), ("Input.To", "2025-06-30"), ("Input.BrandId", ""));
        Assert.Equal(System.Net.HttpStatusCode.Redirect, created.StatusCode);
        var details = created.Headers.Location!.OriginalString;
        var id = int.Parse(details[(details.IndexOf("id=") + 3)..]);
        var page = await admin.GetStringAsync(details);
        Assert.Contains("Asha Rao (A1)", page);
        Assert.Contains("₹1,050.00", page);   // total earned: 50 + 1,000
        Assert.Contains("Submit for approval", page);

        var again = await PostAsync(admin, "/Payouts/Runs", "/Payouts/Runs", ("Input.From", "2025-06-02"), ("Input.To", "2025-06-10"));
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);   // shown again with the rule's refusal
        Assert.Contains($"Run #{id} (2025-06-01 to 2025-06-30) already pays influencer", await again.Content.ReadAsStringAsync());

        await PostAsync(admin, details, $"/Payouts/Runs/Details?id={id}&handler=Submit", ("note", "June"));
        Assert.Equal(PayoutRunState.Submitted, (await RunAsync(id)).State);
        var refused = await PostAsync(admin, details, $"/Payouts/Runs/Details?id={id}&handler=Cancel", ("reason", ""));
        Assert.Contains("Say why the run is cancelled.", await admin.GetStringAsync(refused.Headers.Location!.OriginalString));
        await PostAsync(admin, details, $"/Payouts/Runs/Details?id={id}&handler=Cancel", ("reason", "wrong period"));
        Assert.Contains("Cancelled by admin@test.local", await admin.GetStringAsync(details));
    }

    [Fact]
    public async Task A_finance_user_approves_ticking_the_flagged_lines_and_marks_the_run_paid_on_the_pages()
    {
        var admin = await app.AdminAsync();
        var created = await PostAsync(admin, "/Payouts/Runs", "/Payouts/Runs", ("Input.From", "2025-06-01"), ("Input.To", "2025-06-30"), ("Input.BrandId", ""));
        var details = created.Headers.Location!.OriginalString;
        var id = int.Parse(details[(details.IndexOf("id=") + 3)..]);
        await PostAsync(admin, details, $"/Payouts/Runs/Details?id={id}&handler=Submit", ("note", "June"));
        Assert.DoesNotContain("Approve the ticked run", await admin.GetStringAsync(details));   // the preparer is offered no approval

        var finance = await app.FinanceAsync(Finance2);
        Assert.Contains("Approve the ticked run", await finance.GetStringAsync(details));
        // A1 (50 earned, 120 declared) and B2 (1,000 earned, 500 declared) are both beyond tolerance: unticked, refused.
        var lines = (await RunAsync(id)).Lines.Select(l => l.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        await PostAsync(finance, details, $"/Payouts/Runs/Details?id={id}&handler=Approve", ("ticked", lines[0]), ("note", "ok"));
        Assert.Equal(PayoutRunState.Submitted, (await RunAsync(id)).State);
        await PostAsync(finance, details, $"/Payouts/Runs/Details?id={id}&handler=Approve", ("ticked", lines[0]), ("ticked", lines[1]), ("note", "ok"));
        Assert.Equal((PayoutRunState.Approved, Finance2), ((await RunAsync(id)).State, (await RunAsync(id)).ApprovedBy));

        await PostAsync(finance, details, $"/Payouts/Runs/Details?id={id}&handler=Pay", ("reference", "NEFT-2025-0701"), ("date", "2025-07-01"));
        var paid = await RunAsync(id);
        Assert.Equal((PayoutRunState.Paid, Finance2, "NEFT-2025-0701"), (paid.State, paid.PaidBy, paid.PaymentReference));
    }

    [Fact]
    public async Task A_brand_manager_is_offered_no_form_and_cannot_create_a_run()
    {
        var manager = await app.BrandManagerAsync("mb-runs-page@test.local", "MuscleBlaze");

        Assert.DoesNotContain("create-run", await manager.GetStringAsync("/Payouts/Runs"));
        var response = await PostAsync(manager, "/Payouts/Runs", "/Payouts/Runs", ("Input.From", "2025-06-01"), ("Input.To", "2025-06-30"));
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, response.StatusCode);
    }
}
