using CampaignTracker.Web.Audit;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace CampaignTracker.BrowserTests;

[Collection(BrowserCollection.Name)]
public class UserManagementTests(BrowserApp app, ITestOutputHelper output)
{
    [Fact]
    public async Task Admin_creates_a_Gritzo_brand_manager_who_then_sees_only_Gritzo()
    {
        var email = $"gritzo-{Guid.NewGuid():N}"[..16] + "@browser.test";
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await Browsers.LaunchAsync(playwright);
        var page = await browser.NewPageAsync(new() { ViewportSize = new() { Width = 1400, Height = 900 } });
        var problems = new List<string>();   // console errors include Content-Security-Policy violations
        page.Console += (_, message) => { if (message.Type == "error") problems.Add(message.Text); };
        page.Response += (_, response) => { if (response.Status >= 400) problems.Add($"{response.Status} {response.Url}"); };

        await Browsers.SignInAsync(page, app);
        await page.GotoAsync(app.BaseUrl + "/hangfire");   // the dashboard's scripts run under the policy too
        await Assertions.Expect(page.GetByRole(AriaRole.Link, new() { Name = "Jobs" }).First).ToBeVisibleAsync();
        await page.GotoAsync(app.BaseUrl + "/?brand=Gritzo");
        var gritzoRevenue = await page.Locator("#kpi-cards .kpi-value").First.InnerTextAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Add user" }).ClickAsync();
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Role").SelectOptionAsync("BrandManager");
        await page.GetByLabel("Gritzo").CheckAsync();
        await page.GetByLabel("One-time password").FillAsync("Gritzo-first-pass-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add user" }).ClickAsync();
        await Assertions.Expect(page.Locator("#user-notice")).ToContainTextAsync($"{email} was added");
        output.WriteLine($"screenshot: {await Browsers.ScreenshotAsync(page, "user-created.png")}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/Account/Login", new() { Timeout = 30_000 });
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync("Gritzo-first-pass-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        // A one-time password: the user chooses their own before anything else.
        await Assertions.Expect(page).ToHaveURLAsync(app.BaseUrl + "/Account/Password", new() { Timeout = 30_000 });   // on failure: the URL it is at
        await page.GetByLabel("Current password").FillAsync("Gritzo-first-pass-1");
        await page.GetByLabel("New password", new() { Exact = true }).FillAsync("Gritzo-own-choice-22");
        await page.GetByLabel("New password again").FillAsync("Gritzo-own-choice-22");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("Your password was changed");

        await page.GetByRole(AriaRole.Link, new() { Name = "Overview" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        Assert.Equal(["Gritzo"], await page.Locator("#brand option").AllInnerTextsAsync());
        Assert.Equal(["Immunity Booster", "Kids Protein", "SuperMilk"], (await page.Locator("#product option").AllInnerTextsAsync()).Order());
        Assert.Equal(gritzoRevenue, await page.Locator("#kpi-cards .kpi-value").First.InnerTextAsync());
        await Assertions.Expect(page.Locator("#revenue-by-brand")).ToHaveAttributeAsync("data-rendered", "true");
        var body = await page.Locator("main").InnerTextAsync();
        foreach (var other in new[] { "MuscleBlaze", "HKVitals", "Whey Protein", "Biotin" }) Assert.DoesNotContain(other, body);
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "Users" }).CountAsync());
        output.WriteLine($"screenshot: {await Browsers.ScreenshotAsync(page, "gritzo-manager-overview.png")}");
        Assert.True(problems.Count == 0, string.Join("\n", problems));

        // Who, when and from where: Kestrel knows the client's address.
        using var scope = app.Services.CreateScope();
        var signIn = await scope.ServiceProvider.GetRequiredService<CampaignDbContext>().AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.SignIn && e.Actor == email).FirstAsync();
        Assert.Equal("127.0.0.1", signIn.Ip);
    }

    [Fact]
    public async Task Kestrel_refuses_a_sign_in_form_larger_than_the_form_limit()
    {
        using var playwright = await Playwright.CreateAsync();
        var api = await playwright.APIRequest.NewContextAsync(new() { BaseURL = app.BaseUrl });
        var html = await (await api.GetAsync("/Account/Login")).TextAsync();   // the antiforgery cookie and token
        var form = api.CreateFormData();
        form.Set("__RequestVerificationToken", System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value);
        form.Set("Input.Email", "x@browser.test");
        form.Set("Input.Password", new string('a', 2 << 20));
        var response = await api.PostAsync("/Account/Login", new() { Form = form });
        // Without the limit this is a failed sign-in shown again (200); reading the 2 MB body fails instead.
        Assert.True(response.Status is 413 or 400, $"a 2 MB sign-in form got {response.Status}");
    }
}
