using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// Upserts posts by (influencer, platform, date, URL) in set-based SQL: rows go to a temporary stage
/// table, then one UPDATE for changed rows and one INSERT for new ones, counting unchanged ones.
/// Keeps memory flat however many posts are stored.
/// </summary>
public sealed class PostStage(CampaignDbContext db)
{
    public static readonly string[] Columns = ["InfluencerId", "Platform", "Date", "Url", "Caption", "Reach", "Likes", "Comments", "ExternalId"];

    readonly bool sqlServer = db.Database.IsSqlServer();

    public string Table => sqlServer ? "#PostStage" : "temp.PostStage";

    const string Key = "p.InfluencerId = s.InfluencerId AND p.Platform = s.Platform AND p.Date = s.Date AND p.Url = s.Url";
    const string Same = "p.Reach = s.Reach AND p.Likes = s.Likes AND p.Comments = s.Comments " +
                        "AND (p.Caption = s.Caption OR (p.Caption IS NULL AND s.Caption IS NULL))";

    public async Task CreateAsync(CancellationToken ct)
    {
        var sql = sqlServer
            ? """
              CREATE TABLE #PostStage (InfluencerId int NOT NULL, Platform nvarchar(100) NOT NULL, Date date NOT NULL, Url nvarchar(400) NOT NULL,
                  Caption nvarchar(2000) NULL, Reach bigint NOT NULL, Likes bigint NOT NULL, Comments bigint NOT NULL, ExternalId nvarchar(100) NULL)
              """
            : """
              CREATE TEMP TABLE IF NOT EXISTS PostStage (InfluencerId INTEGER NOT NULL, Platform TEXT NOT NULL, Date TEXT NOT NULL, Url TEXT NOT NULL,
                  Caption TEXT NULL, Reach INTEGER NOT NULL, Likes INTEGER NOT NULL, Comments INTEGER NOT NULL, ExternalId TEXT NULL);
              DELETE FROM temp.PostStage;
              """;
        await db.Database.ExecuteSqlRawAsync(sql, ct);
    }

    public async Task<ApplyCounts> MergeAsync(CancellationToken ct)
    {
        var staged = await CountAsync($"FROM {Table} s", ct);
        var existing = await CountAsync($"FROM {Table} s JOIN Posts p ON {Key}", ct);
        var unchanged = await CountAsync($"FROM {Table} s JOIN Posts p ON {Key} AND {Same}", ct);
        var update = sqlServer
            ? $"UPDATE p SET Caption = s.Caption, Reach = s.Reach, Likes = s.Likes, Comments = s.Comments, ExternalId = COALESCE(s.ExternalId, p.ExternalId) " +
              $"FROM Posts p JOIN {Table} s ON {Key} WHERE NOT ({Same})"
            : $"UPDATE Posts AS p SET Caption = s.Caption, Reach = s.Reach, Likes = s.Likes, Comments = s.Comments, ExternalId = COALESCE(s.ExternalId, p.ExternalId) " +
              $"FROM {Table} s WHERE {Key} AND NOT ({Same})";
        await db.Database.ExecuteSqlRawAsync(update, ct);
        var insert = $"INSERT INTO Posts ({string.Join(", ", Columns)}) SELECT {string.Join(", ", Columns.Select(c => "s." + c))} FROM {Table} s " +
                     $"WHERE NOT EXISTS (SELECT 1 FROM Posts p WHERE {Key})";
        await db.Database.ExecuteSqlRawAsync(insert, ct);   // all SQL here is built from constants
        await db.Database.ExecuteSqlRawAsync(sqlServer ? "DROP TABLE #PostStage" : "DELETE FROM temp.PostStage", ct);
        return new ApplyCounts((int)(staged - existing), (int)(existing - unchanged), (int)unchanged);
    }

    Task<long> CountAsync(string from, CancellationToken ct)
    {
        var sql = "SELECT COUNT(*) AS Value " + from;
        return db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);
    }

    /// <summary>
    /// A 64-bit FNV-1a hash of the post key: duplicates inside a file are found without keeping the keys
    /// (a false duplicate needs a hash collision: about 1 in 30 million for a million posts).
    /// </summary>
    public static ulong KeyHash(PostInput row)
    {
        var hash = 14695981039346656037UL;
        foreach (var part in (ReadOnlySpan<string>)[row.InfluencerId, row.Platform, row.Date.ToString("yyyy-MM-dd"), row.Url])
        {
            foreach (var c in part) hash = (hash ^ c) * 1099511628211UL;
            hash = (hash ^ 0x1F) * 1099511628211UL;   // separator, so ("ab","c") ≠ ("a","bc")
        }
        return hash;
    }
}
