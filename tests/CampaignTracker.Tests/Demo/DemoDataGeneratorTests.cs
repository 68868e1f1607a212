using System.Globalization;
using CampaignTracker.Web.Demo;
using CampaignTracker.Web.Kpis;

namespace CampaignTracker.Tests.Demo;

public sealed class DemoDataGeneratorTests(DemoDataGeneratorTests.ScaleOne data) : IClassFixture<DemoDataGeneratorTests.ScaleOne>
{
    // The seed's last day: its tracking rows run 2025-05-23..2025-07-21, its posts 2025-04-23..2025-07-21.
    static readonly DateOnly AsOf = new(2025, 7, 21);

    static readonly string[] FileNames = ["influencers.csv", "posts.csv", "tracking_data.csv", "payouts.csv"];

    [Fact]
    public void Same_seed_and_anchor_give_the_same_bytes()
    {
        using var again = new TempDirectory();
        DemoDataGenerator.Write(again.Path, new DemoOptions(Seed: DemoOptions.DefaultSeed, AsOf: AsOf));

        foreach (var file in FileNames)
            Assert.True(File.ReadAllBytes(data.PathOf(file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(again.Path, file))), file);
    }

    [Fact]
    public void A_different_seed_gives_different_bytes()
    {
        using var other = new TempDirectory();
        DemoDataGenerator.Write(other.Path, new DemoOptions(Seed: DemoOptions.DefaultSeed + 1, AsOf: AsOf));

        foreach (var file in FileNames)
            Assert.False(File.ReadAllBytes(data.PathOf(file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(other.Path, file))), file);
    }

    [Fact]
    public void The_current_culture_does_not_change_the_bytes()
    {
        var commaCulture = (CultureInfo)CultureInfo.InvariantCulture.Clone();
        commaCulture.NumberFormat.NumberDecimalSeparator = ",";
        commaCulture.NumberFormat.NumberGroupSeparator = ".";
        commaCulture.DateTimeFormat.DateSeparator = ".";
        var original = CultureInfo.CurrentCulture;
        using var other = new TempDirectory();

        try
        {
            CultureInfo.CurrentCulture = commaCulture;
            DemoDataGenerator.Write(other.Path, new DemoOptions(AsOf: AsOf));
        }
        finally
        {
            CultureInfo.CurrentCulture = original;
        }

        foreach (var file in FileNames)
            Assert.True(File.ReadAllBytes(data.PathOf(file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(other.Path, file))), file);
    }

    [Fact]
    public void Write_returns_the_paths_it_wrote()
    {
        Assert.Equal(FileNames.Select(data.PathOf), data.Files.All);
        Assert.All(data.Files.All, path => Assert.True(File.Exists(path), path));
    }

    [Fact]
    public void Scale_one_has_the_seed_row_counts()
    {
        Assert.Equal(500, data.Influencers.Rows.Count);
        Assert.Equal(10_000, data.Posts.Rows.Count);
        Assert.Equal(15_000, data.Tracking.Rows.Count);
        Assert.Equal(500, data.Payouts.Rows.Count);
    }

    [Fact]
    public void Scale_two_doubles_every_row_count()
    {
        using var dir = new TempDirectory();
        var files = DemoDataGenerator.Write(dir.Path, new DemoOptions(Scale: 2, AsOf: AsOf));

        Assert.Equal(1_000, Table.Read(files.Influencers).Rows.Count);
        Assert.Equal(20_000, Table.Read(files.Posts).Rows.Count);
        Assert.Equal(30_000, Table.Read(files.TrackingData).Rows.Count);
        Assert.Equal(1_000, Table.Read(files.Payouts).Rows.Count);
        Assert.Equal(Enumerable.Range(1, 1_000).Select(Text), Table.Read(files.Payouts).Column("influencer_id"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(DemoOptions.MaxScale + 1)]
    public void A_scale_out_of_range_is_refused(int scale)
    {
        using var dir = new TempDirectory();
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoDataGenerator.Write(dir.Path, new DemoOptions(Scale: scale)));
    }

    [Theory]
    [InlineData("influencers.csv")]
    [InlineData("posts.csv")]
    [InlineData("tracking_data.csv")]
    [InlineData("payouts.csv")]
    public void Headers_match_the_seed_files(string file) =>
        Assert.Equal(File.ReadLines(Path.Combine(SeedDirectory(), file)).First(), File.ReadLines(data.PathOf(file)).First());

    [Theory]
    [InlineData("influencers.csv")]
    [InlineData("posts.csv")]
    [InlineData("tracking_data.csv")]
    [InlineData("payouts.csv")]
    public void Files_are_utf8_without_bom_with_lf_line_ends(string file)
    {
        var bytes = File.ReadAllBytes(data.PathOf(file));

        Assert.False(bytes is [0xEF, 0xBB, 0xBF, ..], "starts with a UTF-8 BOM");
        Assert.DoesNotContain((byte)'\r', bytes);
        Assert.Equal((byte)'\n', bytes[^1]);
    }

    [Fact]
    public void Influencers_have_ids_one_to_n_and_the_seed_values()
    {
        Assert.Equal(Enumerable.Range(1, 500).Select(Text), data.Influencers.Column("ID"));
        Assert.All(data.Influencers.Ints("follower_count"), followers => Assert.InRange(followers, 10_000, 1_000_000));
        Assert.All(data.Influencers.Column("name"), name => Assert.Matches(@"^[A-Z][a-z]+ [A-Z][a-z]+$", name));
        Assert.Equal(["Fitness", "Health", "Lifestyle", "Parenting"], Distinct(data.Influencers.Column("category")));
        Assert.Equal(["Female", "Male", "Other"], Distinct(data.Influencers.Column("gender")));
        Assert.Equal(["Instagram", "TikTok", "Twitter", "YouTube"], Distinct(data.Influencers.Column("platform")));
    }

    [Fact]
    public void Post_counts_stay_in_the_seed_ranges_but_the_planted_engagement()
    {
        var outlier = Text(Planted.EngagementInfluencer);
        var (planted, drawn) = (data.Posts.Rows.Where(r => r[0] == outlier).ToList(), data.Posts.Rows.Where(r => r[0] != outlier).ToList());
        Assert.All(data.Posts.Ints("reach"), reach => Assert.InRange(reach, 1_000, 50_000));
        Assert.All(drawn, row => Assert.InRange(Int(row[6]), 100, 10_000));
        Assert.All(drawn, row => Assert.InRange(Int(row[7]), 10, 500));
        // The planted posts: the seed's ranges × 20 (DemoAnomalies).
        Assert.NotEmpty(planted);
        Assert.All(planted, row => Assert.Equal((0, 0), (Int(row[6]) % DemoAnomalies.EngagementFactor, Int(row[7]) % DemoAnomalies.EngagementFactor)));
        Assert.All(planted, row => Assert.InRange(Int(row[6]), 100 * DemoAnomalies.EngagementFactor, 10_000 * DemoAnomalies.EngagementFactor));
        Assert.All(planted, row => Assert.InRange(Int(row[7]), 10 * DemoAnomalies.EngagementFactor, 500 * DemoAnomalies.EngagementFactor));
        Assert.Equal(["Instagram", "TikTok", "Twitter", "YouTube"], Distinct(data.Posts.Column("platform")));
        Assert.All(data.Posts.Column("URL"), url => Assert.Matches(@"^https?://(www\.)?[a-z]+(-[a-z]+)?\.(com|net|org|info|biz)/$", url));
        Assert.All(data.Posts.Column("caption"), caption => Assert.Matches(@"^[A-Z][a-z]*( [a-z]+){3,10}\.$", caption));
    }

    [Fact]
    public void Urls_repeat_but_the_post_key_is_unique()
    {
        var keys = data.Posts.Rows.Select(r => string.Join('|', r[0], r[1], r[2], r[3])).ToList();

        var repeatedUrls = data.Posts.Column("URL").CountBy(url => url).Count(url => url.Value > 1);

        Assert.True(repeatedUrls >= 500, $"the seed repeats 1,209 URLs; the demo repeats {repeatedUrls}");
        Assert.Equal(keys.Count, keys.Distinct().Count());
    }

    [Fact]
    public void A_post_platform_is_drawn_apart_from_the_influencer_platform()
    {
        var platformOf = data.Influencers.Rows.ToDictionary(r => r[0], r => r[5]);
        var differing = data.Posts.Rows.Count(r => r[1] != platformOf[r[0]]);

        // Seed: 75% of posts are on another platform than the influencer's own.
        Assert.InRange(differing / (double)data.Posts.Rows.Count, 0.70, 0.80);
    }

    [Fact]
    public void Post_dates_fill_the_90_days_ending_at_the_anchor()
    {
        var dates = data.Posts.Dates("date").ToList();

        Assert.Equal(AsOf.AddDays(-89), dates.Min());
        Assert.Equal(AsOf, dates.Max());
        Assert.Equal(90, dates.Distinct().Count());
    }

    [Fact]
    public void Tracking_dates_fill_the_60_days_ending_at_the_anchor()
    {
        var dates = data.Tracking.Dates("date").ToList();

        Assert.Equal(AsOf.AddDays(-59), dates.Min());
        Assert.Equal(AsOf, dates.Max());
        Assert.Equal(60, dates.Distinct().Count());
    }

    [Fact]
    public void Without_an_anchor_the_data_ends_today_utc()
    {
        using var dir = new TempDirectory();
        var before = DateOnly.FromDateTime(DateTime.UtcNow);
        var files = DemoDataGenerator.Write(dir.Path, new DemoOptions());
        var after = DateOnly.FromDateTime(DateTime.UtcNow);

        Assert.InRange(Table.Read(files.TrackingData).Dates("date").Max(), before, after);
        Assert.InRange(Table.Read(files.Posts).Dates("date").Max(), before, after);
    }

    [Fact]
    public void Tracking_rows_stay_in_the_seed_ranges_but_the_planted_spike_and_collapse()
    {
        var orderBasis = data.Payouts.Rows.Where(r => r[1] == "order").Select(r => r[0]).ToHashSet();
        bool Spiked(string[] r) => r[1] == Planted.SpikeCampaign && Date(r[6]) == Planted.SpikeDay && orderBasis.Contains(r[2]);
        bool Collapsed(string[] r) => r[1] == Planted.CollapsedCampaign && Date(r[6]) >= Planted.CollapseFrom;
        Assert.All(data.Tracking.Rows.Where(r => !Spiked(r)), r => Assert.InRange(Int(r[7]), 1, 9));
        Assert.All(data.Tracking.Rows.Where(r => !Collapsed(r)), r => AssertMoney(r[8], 20m, 500m));
        // The planted rows: orders × 4 on the spike day; revenue cut to 5% (of ₹20–500) in the collapse.
        Assert.Contains(data.Tracking.Rows, Spiked);
        Assert.All(data.Tracking.Rows.Where(Spiked), r => Assert.Equal(0, Int(r[7]) % DemoAnomalies.SpikeFactor));
        Assert.All(data.Tracking.Rows.Where(Spiked), r => Assert.InRange(Int(r[7]), DemoAnomalies.SpikeFactor, 9 * DemoAnomalies.SpikeFactor));
        Assert.Contains(data.Tracking.Rows, Collapsed);
        Assert.All(data.Tracking.Rows.Where(Collapsed), r => AssertMoney(r[8], 1m, 25m));
        Assert.Equal(Enumerable.Range(1, 10).Select(n => $"Campaign_{n}").Order(StringComparer.Ordinal), Distinct(data.Tracking.Column("campaign")));
        Assert.All(data.Tracking.Column("user_id"), user => Assert.Matches("^user_[1-9][0-9]*$", user));
        Assert.InRange(data.Tracking.Column("user_id").Distinct().Count(), 900, 1_000);   // seed: 1,000 users
        Assert.All(data.Tracking.Column("source"), source => Assert.Matches(@"^[a-z]+(-[a-z]+)?\.(com|net|org|info|biz)$", source));
    }

    [Fact]
    public void Every_row_names_an_existing_influencer()
    {
        var ids = data.Influencers.Column("ID").ToHashSet();

        Assert.All(data.Posts.Column("influencer_id"), id => Assert.Contains(id, ids));
        Assert.All(data.Tracking.Column("influencer_id"), id => Assert.Contains(id, ids));
        Assert.All(data.Payouts.Column("influencer_id"), id => Assert.Contains(id, ids));
    }

    [Fact]
    public void Every_influencer_has_exactly_one_payout() =>
        Assert.Equal(data.Influencers.Column("ID"), data.Payouts.Column("influencer_id"));

    [Fact]
    public void The_catalogue_is_the_seed_catalogue()
    {
        (string, string)[] seed =
        [
            ("Whey Protein", "MuscleBlaze"), ("Creatine", "MuscleBlaze"), ("Mass Gainer", "MuscleBlaze"), ("BCAA", "MuscleBlaze"),
            ("Multivitamins", "HKVitals"), ("Biotin", "HKVitals"), ("Fish Oil", "HKVitals"), ("Melatonin", "HKVitals"),
            ("SuperMilk", "Gritzo"), ("Immunity Booster", "Gritzo"), ("Kids Protein", "Gritzo"),
        ];

        Assert.Equal(seed, DemoDataGenerator.Catalogue.Select(p => (p.Product, p.Brand)));
    }

    [Fact]
    public void Every_tracking_row_has_its_product_brand_and_every_product_sells()
    {
        var brandOf = new Dictionary<string, string>
        {
            ["Whey Protein"] = "MuscleBlaze", ["Creatine"] = "MuscleBlaze", ["Mass Gainer"] = "MuscleBlaze", ["BCAA"] = "MuscleBlaze",
            ["Multivitamins"] = "HKVitals", ["Biotin"] = "HKVitals", ["Fish Oil"] = "HKVitals", ["Melatonin"] = "HKVitals",
            ["SuperMilk"] = "Gritzo", ["Immunity Booster"] = "Gritzo", ["Kids Protein"] = "Gritzo",
        };

        Assert.All(data.Tracking.Rows, row => Assert.Equal(brandOf[row[4]], row[5]));
        Assert.Equal(brandOf.Keys.Order(StringComparer.Ordinal), Distinct(data.Tracking.Column("product")));
    }

    [Fact]
    public void Payout_bases_split_roughly_half_and_half()
    {
        var bases = data.Payouts.Column("basis").ToList();

        Assert.Equal(["order", "post"], Distinct(bases));
        Assert.InRange(bases.Count(b => b == "order") / (double)bases.Count, 0.4, 0.6);   // seed: 253 order, 247 post
    }

    [Fact]
    public void Total_payout_is_rate_times_orders_on_order_basis_and_the_rate_on_post_basis()
    {
        Assert.All(data.Payouts.Rows, row =>
        {
            var rate = AssertMoney(row[2], 5m, 50m);
            var orders = int.Parse(row[3], CultureInfo.InvariantCulture);
            var total = AssertMoney(row[4], 0m, 5_000m);

            Assert.InRange(orders, 5, 100);
            Assert.Equal(row[1] == "order" ? rate * orders : rate, total);
        });
    }

    [Theory]
    [InlineData]
    [InlineData("--scale", "2")]
    [InlineData("--out")]
    [InlineData("--out", "--scale", "2")]
    [InlineData("--out", "{dir}", "--scale", "0")]
    [InlineData("--out", "{dir}", "--scale", "two")]
    [InlineData("--out", "{dir}", "--scale", "10001")]
    [InlineData("--out", "{dir}", "--seed", "1.5")]
    [InlineData("--out", "{dir}", "--as-of", "21/07/2025")]
    [InlineData("--out", "{dir}", "--as-of", "2025-02-30")]
    [InlineData("--out", "{dir}", "--verbose")]
    [InlineData("{dir}")]
    public void The_command_refuses_bad_arguments_with_exit_code_2(params string[] args)
    {
        using var dir = new TempDirectory();
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exitCode = GenerateDemoCommand.Run(args.Select(a => a.Replace("{dir}", dir.Path)).ToArray(), stdout, stderr);

        Assert.Equal(2, exitCode);
        Assert.Contains("usage: generate-demo --out DIR", stderr.ToString());
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path));
    }

    [Fact]
    public void The_command_writes_the_files_and_reports_them()
    {
        using var dir = new TempDirectory();
        var output = Path.Combine(dir.Path, "new", "folder");
        var (stdout, stderr) = (new StringWriter(), new StringWriter());

        var exitCode = GenerateDemoCommand.Run(["--out", output, "--scale", "1", "--seed", "7", "--as-of", "2025-07-21"], stdout, stderr);

        Assert.Equal(0, exitCode);
        Assert.Equal("", stderr.ToString());
        Assert.Contains("scale 1, seed 7, as of 2025-07-21", stdout.ToString());
        Assert.Contains("15,000 rows", stdout.ToString());
        Assert.All(FileNames, file => Assert.True(File.Exists(Path.Combine(output, file)), file));
        Assert.Equal(AsOf, Table.Read(Path.Combine(output, "tracking_data.csv")).Dates("date").Max());
    }

    // DemoAnomalies, issue 14: each planted anomaly's statistic, computed here from the files alone, beyond its rule's threshold
    // (the AlertSettings defaults). These are the true positives the alert rules' tests look for.

    static readonly DemoAnomalies Planted = DemoAnomalies.Of(new DemoOptions(AsOf: AsOf));

    [Fact]
    public void The_planted_anomalies_are_known_in_advance()
    {
        Assert.Equal(new DemoAnomalies(
            ConcentratedInfluencer: 1, ConcentratedUser: "user_1",
            EngagementInfluencer: 29, EngagementPersona: "Lifestyle · Female · TikTok · Macro", EngagementPersonaSize: 10,
            CollapsedCampaign: "Campaign_3", CollapseFrom: new DateOnly(2025, 7, 12),
            SpikeCampaign: "Campaign_7", SpikeDay: new DateOnly(2025, 7, 16)), Planted);
        Assert.NotEqual(Planted, DemoAnomalies.Of(new DemoOptions(Seed: 7, AsOf: AsOf)));
    }

    [Fact]
    public void Order_concentration_one_user_has_over_30_percent_of_the_planted_influencers_orders_and_of_nobody_elses()
    {
        var shares = data.Tracking.Rows.GroupBy(r => r[2]).Select(g =>
        {
            var orders = g.Sum(r => Int(r[7]));
            var top = g.GroupBy(r => r[3]).Select(u => (User: u.Key, Orders: u.Sum(r => Int(r[7])))).MaxBy(u => u.Orders);
            return (Influencer: g.Key, Orders: orders, top.User, Share: 100m * top.Orders / orders);
        }).Where(s => s.Orders >= 20).ToList();   // AlertSettings.ConcentrationMinOrders

        var planted = shares.Single(s => s.Influencer == Text(Planted.ConcentratedInfluencer));
        Assert.Equal((146, "user_1"), (planted.Orders, planted.User));
        Assert.Equal(61.6m, decimal.Round(planted.Share, 1));   // 90 of 146 orders; the rule: above 30%
        Assert.Equal([planted.Influencer], shares.Where(s => s.Share > 30m).Select(s => s.Influencer));
    }

    [Fact]
    public void Implausible_engagement_the_planted_err_is_a_robust_outlier_of_its_persona_and_the_only_one()
    {
        var personaOf = data.Influencers.Rows.ToDictionary(r => r[0], r => (Category: r[2], Gender: r[3], Platform: r[5], Tier: Tiers.Of(long.Parse(r[4], CultureInfo.InvariantCulture))));
        var lnErr = data.Posts.Rows.GroupBy(r => r[0]).ToDictionary(g => g.Key,
            g => Math.Log(g.Sum(r => (double)Int(r[6]) + Int(r[7])) / g.Sum(r => (double)Int(r[5]))));
        static double Median(IEnumerable<double> values)
        {
            var v = values.Order().ToArray();
            return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        }
        // Robust z = (ln ERR − median ln ERR) / (1.4826 × MAD) among the influencers of one persona of at least 10.
        var z = personaOf.Keys.Where(lnErr.ContainsKey).GroupBy(id => personaOf[id]).Where(g => g.Count() >= 10).SelectMany(g =>
        {
            var median = Median(g.Select(id => lnErr[id]));
            var mad = Median(g.Select(id => Math.Abs(lnErr[id] - median)));
            return g.Select(id => (Id: id, Persona: g.Key, Z: (lnErr[id] - median) / (1.4826 * mad)));
        }).ToList();

        var planted = z.Single(x => x.Id == Text(Planted.EngagementInfluencer));
        Assert.Equal(Planted.EngagementPersona, $"{planted.Persona.Category} · {planted.Persona.Gender} · {planted.Persona.Platform} · {planted.Persona.Tier}");
        Assert.Equal(Planted.EngagementPersonaSize, z.Count(x => x.Persona == planted.Persona));
        Assert.Equal(24.4, Math.Round(planted.Z, 1));   // the rule: above 3.5
        Assert.Equal([planted.Id], z.Where(x => Math.Abs(x.Z) > 3.5).Select(x => x.Id));
    }

    [Fact]
    public void Iroas_collapse_the_planted_campaign_sells_a_twentieth_in_its_last_10_days_and_has_the_lowest_30_day_iroas()
    {
        var rateOf = data.Payouts.Rows.Where(r => r[1] == "order").ToDictionary(r => r[0], r => Money(r[2]));
        var last30 = data.Tracking.Rows.Where(r => Date(r[6]) > AsOf.AddDays(-30)).ToList();
        decimal PerDay(string campaign, DateOnly from, DateOnly to, int days) =>
            last30.Where(r => r[1] == campaign && Date(r[6]) >= from && Date(r[6]) <= to).Sum(r => Money(r[8])) / days;
        // iROAS at the default lift over the last 30 days, costing the orders of order-basis influencers (post-basis
        // payout follows revenue, so it falls with it and hides nothing).
        var iroas = last30.GroupBy(r => r[1]).ToDictionary(g => g.Key, g =>
            Kpi.Iroas(g.Sum(r => Money(r[8])), g.Where(r => rateOf.ContainsKey(r[2])).Sum(r => rateOf[r[2]] * Int(r[7])), Kpi.DefaultLift)!.Value);

        var campaign = Planted.CollapsedCampaign;
        var share = PerDay(campaign, Planted.CollapseFrom, AsOf, 10) / PerDay(campaign, AsOf.AddDays(-29), Planted.CollapseFrom.AddDays(-1), 20);
        Assert.Equal(0.043m, decimal.Round(share, 3));   // revenue per day, last 10 days ÷ the 20 before
        Assert.Equal(0.623m, decimal.Round(iroas[campaign], 3));
        var others = iroas.Where(i => i.Key != campaign).Select(i => i.Value).Order().ToList();
        Assert.Equal(0.711m, decimal.Round(others[0], 3));   // the spike's campaign, which paid 4× one day
        Assert.True(iroas[campaign] < 0.8m * others[others.Count / 2], $"{iroas[campaign]} against a median of {others[others.Count / 2]}");
    }

    [Fact]
    public void Spend_spike_the_planted_days_earned_payout_is_far_above_median_plus_4_mad_of_the_28_days_before()
    {
        var rateOf = data.Payouts.Rows.Where(r => r[1] == "order").ToDictionary(r => r[0], r => Money(r[2]));
        // The campaign's daily earned payout: Σ rate × orders of its order-basis influencers' rows.
        var daily = data.Tracking.Rows.Where(r => r[1] == Planted.SpikeCampaign && rateOf.ContainsKey(r[2]))
            .GroupBy(r => Date(r[6])).ToDictionary(g => g.Key, g => g.Sum(r => rateOf[r[2]] * Int(r[7])));
        var history = Enumerable.Range(1, 28).Select(n => daily.GetValueOrDefault(Planted.SpikeDay.AddDays(-n))).Order().ToList();
        static decimal Median(IReadOnlyList<decimal> v) => v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
        var median = Median(history);
        var mad = Median(history.Select(h => Math.Abs(h - median)).Order().ToList());

        Assert.Equal((1_692.305m, 358.165m), (median, mad));
        Assert.Equal(14_266.56m, daily[Planted.SpikeDay]);   // the band ends at 1,692.305 + 4 × 358.165 = 3,124.965
        Assert.True(daily[Planted.SpikeDay] > 4 * (median + 4 * mad));
    }

    static int Int(string text) => int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);

    static DateOnly Date(string text) => DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    static decimal AssertMoney(string text, decimal min, decimal max)
    {
        Assert.Matches(@"^[0-9]+(\.[0-9]{1,2})?$", text);
        var value = Money(text);
        Assert.InRange(value, min, max);
        return value;
    }

    static decimal Money(string text) => decimal.Parse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);

    static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    static string[] Distinct(IEnumerable<string> values) => values.Distinct().Order(StringComparer.Ordinal).ToArray();

    /// <summary>shared/data/seed sits beside the repository root (CI) or above it (here): walk up until it shows.</summary>
    static string SeedDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var seed = Path.Combine(dir.FullName, "shared", "data", "seed");
            if (File.Exists(Path.Combine(seed, "influencers.csv"))) return seed;
        }
        Assert.Fail($"No shared/data/seed/influencers.csv in {AppContext.BaseDirectory} or any folder above it.");
        return "";
    }

    /// <summary>Scale 1 generated once for the whole class: most tests only read it.</summary>
    public sealed class ScaleOne : IDisposable
    {
        readonly TempDirectory directory = new();

        public ScaleOne()
        {
            Files = DemoDataGenerator.Write(directory.Path, new DemoOptions(AsOf: AsOf));
            Influencers = Table.Read(Files.Influencers);
            Posts = Table.Read(Files.Posts);
            Tracking = Table.Read(Files.TrackingData);
            Payouts = Table.Read(Files.Payouts);
        }

        public DemoFiles Files { get; }
        public Table Influencers { get; }
        public Table Posts { get; }
        public Table Tracking { get; }
        public Table Payouts { get; }

        public string PathOf(string file) => Path.Combine(directory.Path, file);

        public void Dispose() => directory.Dispose();
    }

    /// <summary>A CSV file read by RFC 4180 rules, independent of the generator's writer.</summary>
    public sealed record Table(string[] Header, List<string[]> Rows)
    {
        public static Table Read(string path)
        {
            var lines = File.ReadAllLines(path);
            var header = Fields(lines[0]);
            var rows = lines.Skip(1).Select(Fields).ToList();
            Assert.All(rows, row => Assert.Equal(header.Length, row.Length));
            return new Table(header, rows);
        }

        public IEnumerable<string> Column(string name)
        {
            var index = Array.IndexOf(Header, name);
            Assert.True(index >= 0, $"no column {name}");
            return Rows.Select(row => row[index]);
        }

        public IEnumerable<int> Ints(string name) => Column(name).Select(v => int.Parse(v, NumberStyles.None, CultureInfo.InvariantCulture));

        public IEnumerable<DateOnly> Dates(string name) =>
            Column(name).Select(v => DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture));

        static string[] Fields(string line)
        {
            var fields = new List<string>();
            var field = new System.Text.StringBuilder();
            var quoted = false;
            for (var i = 0; i < line.Length; i++)
            {
                var c = line[i];
                if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = !quoted;
                else if (c == ',' && !quoted) { fields.Add(field.ToString()); field.Clear(); }
                else field.Append(c);
            }
            fields.Add(field.ToString());
            return [.. fields];
        }
    }

    sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("campaigntracker-demo-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
