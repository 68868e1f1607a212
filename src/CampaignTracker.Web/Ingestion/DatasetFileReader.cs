using CampaignTracker.Web.Data;
using CsvHelper;

namespace CampaignTracker.Web.Ingestion;

/// <summary>The rows of one file, every error found in it, and warnings that do not block.</summary>
public sealed class DatasetFile(string fileName, Dataset dataset)
{
    public string FileName { get; } = fileName;
    public Dataset Dataset { get; } = dataset;
    public int RowCount { get; set; }
    public List<RowError> Errors { get; } = [];
    public List<string> Warnings { get; } = [];
    public List<InfluencerInput> Influencers { get; } = [];
    public List<PostInput> Posts { get; } = [];
    public List<TrackingInput> Tracking { get; } = [];
    public List<PayoutInput> Payouts { get; } = [];
    public List<CatalogueInput> Catalogue { get; } = [];

    /// <summary>Rows where likes + comments exceed reach: possible in the source (the seed has 888), so a warning.</summary>
    public List<int> EngagementAboveReach { get; } = [];
}

/// <summary>Reads a CSV file of one of the datasets with CsvHelper, validating every row.</summary>
public static class DatasetFileReader
{
    /// <summary>The header of a CSV file (for recognising its dataset).</summary>
    public static IReadOnlyList<string> ReadHeader(string path)
    {
        using var csv = CsvReader.Create(File.OpenRead(path), new CsvReaderOptions(), false);
        csv.ReadHeader();
        return [.. csv.Headers];
    }

    public static DatasetFile Read(string path, string fileName, Dataset dataset)
    {
        var file = new DatasetFile(fileName, dataset);
        using var csv = CsvReader.Create(File.OpenRead(path), new CsvReaderOptions(), false);
        csv.ReadHeader();
        var columns = MapColumns(csv.Headers, dataset, file);
        if (file.Errors.Count > 0) return file;

        while (csv.Read())
        {
            var row = (int)csv.RowNumber + 1;   // as a spreadsheet numbers it: the header is row 1
            var fields = new Fields(fileName, row, c => columns.TryGetValue(c, out var i) && i < csv.FieldCount ? csv.GetString(i) : null, file.Errors);
            file.RowCount++;
            AddRow(file, fields, row);
        }
        if (file.RowCount == 0) file.Errors.Add(new RowError(fileName, 0, "", null, "the file has a header but no data rows"));
        if (file.EngagementAboveReach is { Count: > 0 } rows)
            file.Warnings.Add($"{fileName}: likes + comments exceed reach in {rows.Count} row(s), e.g. row {string.Join(", ", rows.Take(10))}");
        return file;
    }

    static Dictionary<string, int> MapColumns(IReadOnlyList<string> headers, Dataset dataset, DatasetFile file)
    {
        var map = new Dictionary<string, int>();
        var byKey = headers.Select((h, i) => (Key: Columns.Normalize(h), Index: i)).GroupBy(h => h.Key).ToDictionary(g => g.Key, g => g.First().Index);
        var used = new HashSet<int>();
        foreach (var column in Columns.Of[dataset])
        {
            var index = column.Keys.Select(k => byKey.TryGetValue(k, out var i) ? i : -1).FirstOrDefault(i => i >= 0, -1);
            if (index >= 0) { map[column.Name] = index; used.Add(index); }
            else if (column.Required)
                file.Errors.Add(new RowError(file.FileName, 1, column.Name, null, $"a column '{column.Name}' in the header (it has: {string.Join(", ", headers)})"));
        }
        var extra = headers.Where((_, i) => !used.Contains(i)).ToList();
        if (extra.Count > 0) file.Warnings.Add($"{file.FileName}: ignored column(s) {string.Join(", ", extra)}");
        return map;
    }

    static void AddRow(DatasetFile file, Fields f, int row)
    {
        switch (file.Dataset)
        {
            case Dataset.Influencers:
                file.Influencers.Add(new InfluencerInput(f.Text("id", 100), f.Text("name", 200), Labels.Normalize(f.Text("category", 100)),
                    f.OptionalText("gender", 100) is { } g ? Labels.Normalize(g) : null, f.Count("follower_count"), Labels.Normalize(f.Text("platform", 100))));
                break;
            case Dataset.Posts:
                var post = new PostInput(row, f.Text("influencer_id", 100), Labels.Normalize(f.Text("platform", 100)), f.Date("date"), f.Text("url", 400),
                    f.OptionalText("caption", 2000), f.Count("reach"), f.Count("likes"), f.Count("comments"));
                if (post.Likes + post.Comments > post.Reach) file.EngagementAboveReach.Add(row);
                file.Posts.Add(post);
                break;
            case Dataset.Tracking:
                file.Tracking.Add(new TrackingInput(row, f.OptionalText("source", 200), f.Text("campaign", 200), f.Text("influencer_id", 100),
                    f.OptionalText("user_id", 100), f.Text("product", 200), f.OptionalText("brand", 200), f.Date("date"),
                    (int)Math.Min(f.Count("orders", min: 1), int.MaxValue), f.Money("revenue", 2)));
                break;
            case Dataset.Payouts:
                var basis = f.Optional("basis")?.ToLowerInvariant() switch
                {
                    "post" => PayoutBasis.Post,
                    "order" => PayoutBasis.Order,
                    var other => f.Fail("basis", other, "'post' or 'order'", PayoutBasis.Post),
                };
                file.Payouts.Add(new PayoutInput(row, f.Text("influencer_id", 100), basis, f.Money("rate", 4),
                    f.OptionalCount("orders") is { } o ? (int)Math.Min(o, int.MaxValue) : null, f.Money("total_payout", 2)));
                break;
            case Dataset.Catalogue:
                file.Catalogue.Add(new CatalogueInput(row, f.Text("product", 200), f.Text("brand", 200)));
                break;
        }
    }
}
