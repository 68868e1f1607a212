using System.Net;
using CampaignTracker.Tests.Integration;
using CampaignTracker.Web.Data;
using Microsoft.AspNetCore.Hosting;

namespace CampaignTracker.Tests.Security;

[Collection(AppCollection.Name)]
public class BrowserSafetyTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/no-such-page")]
    [InlineData("/css/site.css")]
    [InlineData("/lib/chart.js/chart.umd.min.js")]
    public async Task Every_response_carries_the_policy_and_the_safety_headers(string url)
    {
        var response = await app.Client().GetAsync(url);
        Assert.True(AccessMatrixTests.HasStrictPolicy(response), string.Join("; ", response.Headers.GetValues("Content-Security-Policy")));
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task Pages_have_no_inline_scripts_or_event_handlers()
    {
        foreach (var url in new[] { "/", "/Campaigns", "/Influencers", "/Uploads", $"/Uploads/Details/{app.FailedUploadId}", "/Users", "/Users/Create", $"/Users/Edit/{app.UserId("matrix-target@test.local")}", "/Audit", "/Account/Password" })
        {
            var html = await app.Admin.GetStringAsync(url);
            // A script element either loads a file or holds JSON data (type="application/json": never run).
            foreach (System.Text.RegularExpressions.Match script in System.Text.RegularExpressions.Regex.Matches(html, "<script(?<attrs>[^>]*)>"))
                Assert.True(script.Groups["attrs"].Value.Contains("src=") || script.Groups["attrs"].Value.Contains("type=\"application/json\""), $"{url}: inline script {script.Value}");
            Assert.DoesNotMatch("\\son[a-z]+=\"", html);
            Assert.DoesNotContain("javascript:", html);
            // The one style attribute is ASP.NET's on an empty validation summary; site.css hides that summary anyway.
            Assert.DoesNotContain(" style=\"", html.Replace("<li style=\"display:none\"></li>", ""));
        }
    }

    [Fact]
    public async Task A_caption_containing_a_script_tag_renders_as_text()
    {
        // Captions reach a page only in the upload's error list (a caption over 2,000 characters is an error that quotes it).
        var caption = "<script>alert('caption')</script>" + new string('x', 2000);
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(("posts.csv",
            $"influencer_id,platform,date,URL,caption,reach,likes,comments\nA1,Instagram,2025-06-09,http://a.example/9,\"{caption}\",10,1,1\n")));
        Assert.Equal(UploadStatus.Failed, upload.Status);

        var html = await app.Admin.GetStringAsync($"/Uploads/Details/{upload.Id}");
        Assert.True(html.Contains("&lt;script&gt;alert(&#39;caption&#39;)&lt;/script&gt;xxx"), System.Text.RegularExpressions.Regex.Match(html, "<ol class=\"small\" id=\"upload-errors\">.{0,300}", System.Text.RegularExpressions.RegexOptions.Singleline).Value);
        Assert.DoesNotContain("<script>alert", html);
    }
}

[Collection(AppCollection.Name)]
public class PostCaptionSafetyTests(SecurityApp app) : IClassFixture<SecurityApp>
{
    [Fact]
    public async Task A_post_caption_with_a_script_tag_shows_as_text_on_the_posts_and_influencer_pages()
    {
        var upload = await Ingest.FilesAsync(app, TestFiles.Write(("posts.csv",
            "influencer_id,platform,date,URL,caption,reach,likes,comments\nA1,Instagram,2025-06-09,javascript:alert(1),<script>alert('post')</script>,100000,9000,900\n")));
        Assert.Equal(UploadStatus.Succeeded, upload.Status);   // free text: kept, with a warning

        foreach (var url in new[] { "/Posts", "/Influencers/Details?id=A1" })
        {
            var html = await app.Admin.GetStringAsync(url);
            Assert.Contains("&lt;script&gt;alert(&#x27;post&#x27;)&lt;/script&gt;", html);
            Assert.DoesNotContain("<script>alert", html);
            Assert.DoesNotContain("href=\"javascript:", html);   // a URL that is not http(s) is not a link
        }
    }
}

/// <summary>Cookies as production sends them: Secure, HttpOnly, SameSite=Strict.</summary>
[Collection(AppCollection.Name)]
public class ProductionCookieTests : IClassFixture<ProductionCookieTests.ProductionApp>
{
    public sealed class ProductionApp : AppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseEnvironment("Production");
        }
    }

    readonly ProductionApp app;

    public ProductionCookieTests(ProductionApp app) => this.app = app;

    [Fact]
    public async Task Sign_in_and_antiforgery_cookies_are_secure_http_only_and_same_site_strict()
    {
        // Not localhost: HSTS is never sent to it.
        var client = app.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false, BaseAddress = new Uri("https://campaigntracker.example") });
        var form = await client.GetAsync("/Account/Login");
        var html = await form.Content.ReadAsStringAsync();
        var antiforgery = form.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("CampaignTracker.Antiforgery="));
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;

        var request = new HttpRequestMessage(HttpMethod.Post, "/Account/Login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Input.Email"] = AppFactory.AdminEmail, ["Input.Password"] = AppFactory.AdminPassword, ["__RequestVerificationToken"] = token,
            }),
        };
        request.Headers.Add("Cookie", antiforgery.Split(';')[0]);
        var signIn = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var auth = signIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("CampaignTracker.Auth="));

        foreach (var cookie in new[] { antiforgery, auth })
        {
            Assert.Contains("; secure", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("; samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        }
        Assert.Contains("max-age=", signIn.Headers.GetValues("Strict-Transport-Security").Single());
    }
}
