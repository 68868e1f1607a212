using System.Globalization;
using System.Text;

namespace CampaignTracker.Web.Demo;

/// <summary>Scale multiplies every row count; AsOf is the last day in the data (null: today, UTC).</summary>
public sealed record DemoOptions(int Scale = 1, int Seed = DemoOptions.DefaultSeed, DateOnly? AsOf = null)
{
    public const int DefaultSeed = 42;
    public const int MaxScale = 10_000;   // 150M tracking rows; keeps every count inside int

    public int InfluencerCount => 500 * Scale;
    public int PostCount => 10_000 * Scale;
    public int TrackingRowCount => 15_000 * Scale;
    public int PayoutCount => InfluencerCount;   // one per influencer, as in the seed
    public int UserCount => 1_000 * Scale;
}

public sealed record DemoProduct(string Product, string Brand);

public sealed record DemoFiles(string Influencers, string Posts, string TrackingData, string Payouts)
{
    public IReadOnlyList<string> All => [Influencers, Posts, TrackingData, Payouts];
}

/// <summary>
/// DESIGN.md, Demo data: the seed's simulated datasets (shared/data/seed), same headers, ranges and
/// distributions, scaled linearly. Rows are written as they are drawn: memory grows only by a counter per influencer.
/// </summary>
public static class DemoDataGenerator
{
    public const int PostDays = 90;
    public const int TrackingDays = 60;

    public static readonly IReadOnlyList<DemoProduct> Catalogue = Array.AsReadOnly(new DemoProduct[]
    {
        new("Whey Protein", "MuscleBlaze"), new("Creatine", "MuscleBlaze"), new("Mass Gainer", "MuscleBlaze"), new("BCAA", "MuscleBlaze"),
        new("Multivitamins", "HKVitals"), new("Biotin", "HKVitals"), new("Fish Oil", "HKVitals"), new("Melatonin", "HKVitals"),
        new("SuperMilk", "Gritzo"), new("Immunity Booster", "Gritzo"), new("Kids Protein", "Gritzo"),
    });

    static readonly string[] Categories = ["Fitness", "Health", "Lifestyle", "Parenting"];
    static readonly string[] Genders = ["Female", "Male", "Other"];
    static readonly string[] Platforms = ["Instagram", "YouTube", "TikTok", "Twitter"];
    static readonly string[] Campaigns = [.. Enumerable.Range(1, 10).Select(n => $"Campaign_{n}")];

    /// <summary>Writes influencers.csv, posts.csv, tracking_data.csv and payouts.csv into <paramref name="directory"/>.</summary>
    public static DemoFiles Write(string directory, DemoOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Scale, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.Scale, DemoOptions.MaxScale);
        var asOf = options.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow);

        Directory.CreateDirectory(directory);
        var files = new DemoFiles(
            Path.Combine(directory, "influencers.csv"),
            Path.Combine(directory, "posts.csv"),
            Path.Combine(directory, "tracking_data.csv"),
            Path.Combine(directory, "payouts.csv"));

        // A random stream per file, so a change to one file's columns leaves the other files' bytes alone. The planted
        // anomalies need the influencers' personas and payout bases while posts and tracking rows are written: the plan
        // replays those two streams first (DemoAnomalies).
        var streams = Streams.Of(options);
        var plan = Plan(options, asOf);
        WriteInfluencers(files.Influencers, options, new Random(streams.Influencers));
        WritePosts(files.Posts, options, asOf, new Random(streams.Posts), plan.Anomalies);
        WriteTrackingData(files.TrackingData, options, asOf, new Random(streams.Tracking), plan);
        WritePayouts(files.Payouts, options, new Random(streams.Payouts));
        return files;
    }

    /// <summary>The seed of each file's random stream, drawn in file order from the options' seed.</summary>
    readonly record struct Streams(int Influencers, int Posts, int Tracking, int Payouts)
    {
        public static Streams Of(DemoOptions options)
        {
            var seeds = new Random(options.Seed);
            return new Streams(seeds.Next(), seeds.Next(), seeds.Next(), seeds.Next());
        }
    }

    /// <summary>What the writers of posts and tracking rows need to plant the anomalies: which, and who is paid per order.</summary>
    internal sealed record DemoPlan(DemoAnomalies Anomalies, System.Collections.BitArray OrderBasis);

    /// <summary>
    /// Replays the influencers' and payouts' streams (the same draws as their writers) to choose the planted influencers:
    /// the engagement outlier is the lowest id of the largest persona, the concentrated one the lowest id outside it.
    /// </summary>
    internal static DemoPlan Plan(DemoOptions options, DateOnly asOf)
    {
        var streams = Streams.Of(options);
        var influencers = new Random(streams.Influencers);
        var personaOf = new int[options.InfluencerCount + 1];
        var names = new Dictionary<int, string>();
        var sizes = new Dictionary<int, int>();
        for (var id = 1; id <= options.InfluencerCount; id++)
        {
            var i = DrawInfluencer(influencers);
            var tier = Kpis.Tiers.Of(i.Followers);
            var key = ((Array.IndexOf(Categories, i.Category) * Genders.Length + Array.IndexOf(Genders, i.Gender)) * Platforms.Length
                + Array.IndexOf(Platforms, i.Platform)) * 5 + (int)tier;
            personaOf[id] = key;
            sizes[key] = sizes.GetValueOrDefault(key) + 1;
            names.TryAdd(key, $"{i.Category} · {i.Gender} · {i.Platform} · {tier}");
        }
        var largest = sizes.OrderByDescending(s => s.Value).ThenBy(s => s.Key).First();
        var outlier = Array.IndexOf(personaOf, largest.Key, 1);
        var concentrated = Enumerable.Range(1, options.InfluencerCount).First(id => personaOf[id] != largest.Key);

        var payouts = new Random(streams.Payouts);
        var orderBasis = new System.Collections.BitArray(options.InfluencerCount + 1);
        for (var id = 1; id <= options.InfluencerCount; id++) orderBasis[id] = DrawPayout(payouts).ByOrder;

        return new DemoPlan(new DemoAnomalies(
            ConcentratedInfluencer: concentrated, ConcentratedUser: DemoAnomalies.PlantedUser,
            EngagementInfluencer: outlier, EngagementPersona: names[largest.Key], EngagementPersonaSize: largest.Value,
            CollapsedCampaign: DemoAnomalies.PlantedCollapseCampaign, CollapseFrom: asOf.AddDays(1 - DemoAnomalies.CollapseDays),
            SpikeCampaign: DemoAnomalies.PlantedSpikeCampaign, SpikeDay: asOf.AddDays(-DemoAnomalies.SpikeDaysBeforeAsOf)), orderBasis);
    }

    /// <summary>
    /// A tracking_data.csv alone, for influencers 1..InfluencerCount: a later batch for data written by <see cref="Write"/>
    /// (another seed and a later AsOf give new rows on new dates).
    /// </summary>
    public static void WriteTrackingBatch(string path, DemoOptions options)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        WriteTrackingData(path, options, options.AsOf ?? DateOnly.FromDateTime(DateTime.UtcNow), new Random(options.Seed), plan: null);
    }

    static void WriteInfluencers(string path, DemoOptions options, Random random)
    {
        using var csv = new CsvRows(path, "ID,name,category,gender,follower_count,platform");
        for (var id = 1; id <= options.InfluencerCount; id++)
        {
            var i = DrawInfluencer(random);
            csv.Number(id).Text(i.Name).Text(i.Category).Text(i.Gender).Number(i.Followers).Text(i.Platform).EndRow();
        }
    }

    internal readonly record struct DrawnInfluencer(string Name, string Category, string Gender, int Followers, string Platform);

    /// <summary>One influencer's draws, in the order the file has always drawn them (the plan replays them).</summary>
    static DrawnInfluencer DrawInfluencer(Random random)
    {
        var gender = Pick(random, Genders);
        var name = PersonName(random, gender);
        var category = Pick(random, Categories);
        var followers = Between(random, 10_000, 1_000_000);
        return new DrawnInfluencer(name, category, gender, followers, Pick(random, Platforms));
    }

    static void WritePosts(string path, DemoOptions options, DateOnly asOf, Random random, DemoAnomalies planted)
    {
        // Posts fall on influencers at random, as in the seed (8-33 each), but are written influencer by influencer:
        // then a small set per influencer keeps the upsert key (influencer_id, platform, date, URL; DESIGN.md) unique
        // although URLs repeat, without holding every post in memory.
        var postCounts = new int[options.InfluencerCount + 1];
        for (var post = 0; post < options.PostCount; post++) postCounts[Between(random, 1, options.InfluencerCount)]++;

        using var csv = new CsvRows(path, "influencer_id,platform,date,URL,caption,reach,likes,comments");
        var keys = new HashSet<(string Platform, DateOnly Date, string Url)>();
        for (var id = 1; id <= options.InfluencerCount; id++)
        {
            keys.Clear();
            while (keys.Count < postCounts[id])
            {
                // The post's platform is drawn on its own: in the seed it differs from the influencer's in 75% of posts.
                var key = (Platform: Pick(random, Platforms), Date: DayBefore(random, asOf, PostDays), Url: Url(random));
                if (!keys.Add(key)) continue;
                var caption = Caption(random);
                var reach = Between(random, 1_000, 50_000);
                var likes = Between(random, 100, 10_000);
                var comments = Between(random, 10, 500);
                if (id == planted.EngagementInfluencer) (likes, comments) = (likes * DemoAnomalies.EngagementFactor, comments * DemoAnomalies.EngagementFactor);
                csv.Number(id).Text(key.Platform).Date(key.Date).Text(key.Url).Text(caption).Number(reach).Number(likes).Number(comments).EndRow();
            }
        }
    }

    /// <param name="plan">The anomalies to plant (DemoAnomalies), or null for a later batch, which has none.</param>
    static void WriteTrackingData(string path, DemoOptions options, DateOnly asOf, Random random, DemoPlan? plan)
    {
        using var csv = new CsvRows(path, "source,campaign,influencer_id,user_id,product,brand,date,orders,revenue");
        var planted = plan?.Anomalies;
        var concentratedRows = 0;
        for (var row = 0; row < options.TrackingRowCount; row++)
        {
            // Drawn in the file's order, then planted: the planted values change, every draw and every other row stays.
            var product = Pick(random, Catalogue);
            var user = "user_" + Between(random, 1, options.UserCount).ToString(CultureInfo.InvariantCulture);
            var source = DomainName(random);
            var campaign = Pick(random, Campaigns);
            var influencer = Between(random, 1, options.InfluencerCount);
            var date = DayBefore(random, asOf, TrackingDays);
            var orders = Between(random, 1, 9);
            var revenue = Cents(random, 20_00, 500_00);
            if (planted is not null)
            {
                if (influencer == planted.ConcentratedInfluencer && concentratedRows++ % 5 < 3) user = planted.ConcentratedUser;   // 3 rows in 5
                if (campaign == planted.CollapsedCampaign && date >= planted.CollapseFrom) revenue = decimal.Round(revenue * DemoAnomalies.CollapseShare, 2);
                if (campaign == planted.SpikeCampaign && date == planted.SpikeDay && plan!.OrderBasis[influencer]) orders *= DemoAnomalies.SpikeFactor;
            }
            csv.Text(source).Text(campaign).Number(influencer).Text(user).Text(product.Product).Text(product.Brand).Date(date)
                .Number(orders).Money(revenue).EndRow();
        }
    }

    static void WritePayouts(string path, DemoOptions options, Random random)
    {
        using var csv = new CsvRows(path, "influencer_id,basis,rate,orders,total_payout");
        for (var id = 1; id <= options.InfluencerCount; id++)
        {
            var (byOrder, rate, orders) = DrawPayout(random);
            // Seed: order basis pays rate × orders, post basis pays the rate once. These orders are the file's own
            // figure, unrelated to the tracked orders, as in the seed: reconciliation is there to flag that.
            csv.Number(id).Text(byOrder ? "order" : "post").Money(rate).Number(orders)
                .Money(byOrder ? rate * orders : rate).EndRow();
        }
    }

    /// <summary>One payout row's draws, in the file's order (the plan replays them for the bases).</summary>
    static (bool ByOrder, decimal Rate, int Orders) DrawPayout(Random random)
    {
        var byOrder = random.Next(2) == 0;
        var rate = Cents(random, 5_00, 50_00);
        return (byOrder, rate, Between(random, 5, 100));
    }

    static int Between(Random random, int min, int max) => random.Next(min, max + 1);

    static decimal Cents(Random random, int min, int max) => Between(random, min, max) / 100m;

    static T Pick<T>(Random random, IReadOnlyList<T> values) => values[random.Next(values.Count)];

    static DateOnly DayBefore(Random random, DateOnly asOf, int days) => asOf.AddDays(-random.Next(days));

    static string PersonName(Random random, string gender)
    {
        var firstNames = gender switch
        {
            "Female" => Vocabulary.FemaleFirstNames,
            "Male" => Vocabulary.MaleFirstNames,
            _ => random.Next(2) == 0 ? Vocabulary.FemaleFirstNames : Vocabulary.MaleFirstNames,
        };
        return $"{Pick(random, firstNames)} {Pick(random, Vocabulary.LastNames)}";
    }

    // Seed: a third of the domains join two surnames (sutton-newman.info); .com in 60%.
    static string DomainName(Random random)
    {
        var name = Pick(random, DomainWords);
        return random.Next(3) == 0
            ? string.Concat(name, "-", Pick(random, DomainWords), Pick(random, TopLevelDomains))
            : name + Pick(random, TopLevelDomains);
    }

    static readonly string[] DomainWords = [.. Vocabulary.LastNames.Select(name => name.ToLowerInvariant())];

    static readonly string[] TopLevelDomains = [".com", ".com", ".com", ".com", ".com", ".com", ".net", ".org", ".info", ".biz"];

    // Seed: http or https, with or without www, and a bare path: http://www.jackson.com/
    static string Url(Random random) =>
        $"{(random.Next(2) == 0 ? "http" : "https")}://{(random.Next(2) == 0 ? "" : "www.")}{DomainName(random)}/";

    // Seed: 4-11 random words (mostly 5-10), first one capitalised, ending in a full stop.
    static string Caption(Random random)
    {
        var words = 8 * Between(random, 60, 140) / 100;
        var caption = new StringBuilder(words * 8);
        for (var i = 0; i < words; i++)
        {
            var word = Pick(random, Vocabulary.CaptionWords);
            if (i == 0) caption.Append(char.ToUpperInvariant(word[0])).Append(word, 1, word.Length - 1);
            else caption.Append(' ').Append(word);
        }
        return caption.Append('.').ToString();
    }
}

/// <summary>RFC 4180 rows: UTF-8 without BOM, LF line ends like the seed, invariant numbers and ISO dates.</summary>
file sealed class CsvRows : IDisposable
{
    readonly StreamWriter writer;
    bool firstField = true;

    public CsvRows(string path, string header)
    {
        writer = new StreamWriter(path, append: false, new UTF8Encoding(false), bufferSize: 1 << 16) { NewLine = "\n" };
        writer.WriteLine(header);
    }

    public CsvRows Text(string value)
    {
        Separate();
        if (value.AsSpan().IndexOfAny(",\"\r\n") < 0) writer.Write(value);
        else writer.Write($"\"{value.Replace("\"", "\"\"")}\"");
        return this;
    }

    public CsvRows Number(int value) => Formatted(value, default);

    public CsvRows Money(decimal value) => Formatted(value, "0.00");

    public CsvRows Date(DateOnly value) => Formatted(value, "yyyy-MM-dd");

    public void EndRow()
    {
        writer.WriteLine();
        firstField = true;
    }

    public void Dispose() => writer.Dispose();

    CsvRows Formatted<T>(T value, ReadOnlySpan<char> format) where T : ISpanFormattable
    {
        Separate();
        Span<char> buffer = stackalloc char[32];
        value.TryFormat(buffer, out var length, format, CultureInfo.InvariantCulture);
        writer.Write(buffer[..length]);
        return this;
    }

    void Separate()
    {
        if (!firstField) writer.Write(',');
        firstField = false;
    }
}

file static class Vocabulary
{
    public static readonly string[] FemaleFirstNames =
    [
        "Amanda", "Amy", "Angela", "Anna", "Ashley", "Brenda", "Brittany", "Carol", "Christina", "Cynthia",
        "Deborah", "Denise", "Diana", "Donna", "Elizabeth", "Emily", "Emma", "Erin", "Hannah", "Heather",
        "Jennifer", "Jessica", "Julie", "Karen", "Katherine", "Kelly", "Kimberly", "Laura", "Linda", "Lisa",
        "Megan", "Melissa", "Michelle", "Monica", "Nancy", "Natalie", "Nicole", "Olivia", "Pamela", "Patricia",
        "Rachel", "Rebecca", "Samantha", "Sandra", "Sarah", "Sharon", "Sherri", "Stephanie", "Susan", "Tammy",
        "Teresa", "Tiffany", "Valerie", "Vanessa", "Veronica", "Victoria", "Wendy", "Whitney", "Yolanda", "Zoe",
    ];

    public static readonly string[] MaleFirstNames =
    [
        "Aaron", "Adam", "Alan", "Andrew", "Anthony", "Benjamin", "Brandon", "Brian", "Bryan", "Charles",
        "Christopher", "Cory", "Daniel", "David", "Dennis", "Derek", "Douglas", "Edward", "Eric", "Frank",
        "Gary", "George", "Gregory", "Henry", "Jacob", "James", "Jason", "Jeffrey", "Jeremy", "John",
        "Jonathan", "Joseph", "Joshua", "Justin", "Keith", "Kenneth", "Kevin", "Kyle", "Larry", "Lucas",
        "Mark", "Matthew", "Michael", "Nathan", "Patrick", "Paul", "Peter", "Raymond", "Richard", "Robert",
        "Ronald", "Ryan", "Samuel", "Scott", "Stephen", "Steven", "Thomas", "Timothy", "Tyler", "William",
    ];

    public static readonly string[] LastNames =
    [
        "Adams", "Allen", "Anderson", "Bailey", "Baker", "Barnett", "Bell", "Berger", "Bridges", "Brooks",
        "Brown", "Butler", "Campbell", "Carlson", "Carter", "Castaneda", "Chandler", "Clark", "Cobb", "Collins",
        "Cook", "Cooper", "Cruz", "Cummings", "Davis", "Diaz", "Douglas", "Edwards", "Evans", "Fernandez",
        "Fisher", "Flores", "Garcia", "Gomez", "Gonzalez", "Gray", "Green", "Hall", "Hardy", "Harris",
        "Harvey", "Henderson", "Hill", "Howard", "Hughes", "Hunt", "Jackson", "James", "Johnson", "Jones",
        "Jordan", "Kelly", "Kim", "King", "Kirk", "Lawrence", "Lee", "Lewis", "Lopez", "Luna",
        "Martin", "Martinez", "Mendoza", "Miller", "Mills", "Mitchell", "Moore", "Morgan", "Morris", "Murphy",
        "Nash", "Nelson", "Newman", "Nguyen", "Parker", "Perez", "Phillips", "Reed", "Reilly", "Rivera",
        "Roberts", "Robinson", "Rodriguez", "Rojas", "Ross", "Sanchez", "Scott", "Shaffer", "Simon", "Smith",
        "Stewart", "Stone", "Sullivan", "Sutton", "Taylor", "Thomas", "Thompson", "Turner", "Walker", "West",
        "White", "Williams", "Wilson", "Wright", "Young",
    ];

    // Lorem-like filler in plain English, as in the seed's captions ("Day decade go serve boy.").
    public static readonly string[] CaptionWords =
    [
        "able", "about", "action", "after", "again", "agree", "almost", "already", "always", "answer",
        "argue", "around", "attention", "away", "back", "before", "begin", "behind", "believe", "benefit",
        "between", "body", "both", "brother", "build", "business", "call", "care", "carry", "case",
        "center", "chance", "change", "charge", "choice", "city", "close", "color", "community", "computer",
        "continue", "couple", "create", "culture", "cut", "daughter", "day", "debate", "decade", "decide",
        "design", "develop", "difference", "direction", "discover", "drive", "during", "early", "economy", "effort",
        "energy", "enjoy", "enough", "especially", "evening", "every", "family", "feeling", "field", "finally",
        "fire", "focus", "follow", "force", "forward", "friend", "full", "future", "generation", "give",
        "goal", "good", "great", "ground", "group", "grow", "habit", "happy", "health", "hear",
        "heart", "help", "history", "home", "hope", "idea", "identify", "improve", "include", "interview",
        "keep", "kitchen", "learn", "leave", "light", "little", "live", "long", "machine", "manage",
        "many", "matter", "method", "minute", "mission", "model", "modern", "morning", "mouth", "move",
        "nation", "nature", "never", "night", "offer", "often", "open", "order", "others", "outside",
        "people", "perform", "personal", "picture", "place", "plan", "political", "position", "power", "practice",
        "prepare", "present", "protect", "quickly", "quality", "reach", "read", "ready", "really", "reason",
        "remember", "require", "rest", "reveal", "rise", "role", "routine", "save", "season", "second",
        "serve", "share", "short", "simple", "simply", "sister", "situation", "sleep", "society", "someone",
        "special", "start", "step", "story", "strong", "stuff", "success", "suddenly", "surface", "system",
        "talk", "task", "today", "together", "tough", "toward", "training", "travel", "trip", "trouble",
        "under", "until", "voice", "wait", "walk", "water", "weight", "whatever", "whole", "window",
        "without", "wonder", "world", "writer", "yard", "year", "young", "yourself",
    ];
}
