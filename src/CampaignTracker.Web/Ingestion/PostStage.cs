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

    /// <summary>Posts inserted straight into their table: nothing is stored yet to merge with.</summary>
    public static readonly BulkTable PostInsert = new("Posts", Columns);

    readonly bool sqlServer = db.Database.IsSqlServer();

    /// <summary>Posts inserted into the stage table, for <see cref="MergeAsync"/>.</summary>
    public BulkTable StageInsert => StageInsertOf(sqlServer);

    internal static BulkTable StageInsertOf(bool sqlServer) => new(Table(sqlServer), Columns);

    static string Table(bool sqlServer) => sqlServer ? "#PostStage" : "temp.PostStage";

    const string Key = "p.InfluencerId = s.InfluencerId AND p.Platform = s.Platform AND p.Date = s.Date AND p.Url = s.Url";
    const string Same = "p.Reach = s.Reach AND p.Likes = s.Likes AND p.Comments = s.Comments " +
                        "AND (p.Caption = s.Caption OR (p.Caption IS NULL AND s.Caption IS NULL))";

    public async Task CreateAsync(CancellationToken ct) => await db.Database.ExecuteSqlRawAsync(CreateSql(sqlServer), ct);

    public async Task<ApplyCounts> MergeAsync(CancellationToken ct)
    {
        var staged = await CountAsync(StagedCount(sqlServer), ct);
        var existing = await CountAsync(ExistingCount(sqlServer), ct);
        var unchanged = await CountAsync(UnchangedCount(sqlServer), ct);
        await db.Database.ExecuteSqlRawAsync(UpdateSql(sqlServer), ct);
        await db.Database.ExecuteSqlRawAsync(InsertSql(sqlServer), ct);   // all SQL here is built from constants
        await db.Database.ExecuteSqlRawAsync(DropSql(sqlServer), ct);
        return new ApplyCounts((int)(staged - existing), (int)(existing - unchanged), (int)unchanged);
    }

    Task<long> CountAsync(string sql, CancellationToken ct) => db.Database.SqlQueryRaw<long>(sql).SingleAsync(ct);

    /// <summary>The SQL this class sends on each provider, for SqlServerStatementTests.</summary>
    internal static IEnumerable<(string Name, string Sql)> Statements(bool sqlServer) =>
    [
        (nameof(CreateSql), CreateSql(sqlServer)),
        (nameof(StagedCount), StagedCount(sqlServer)),
        (nameof(ExistingCount), ExistingCount(sqlServer)),
        (nameof(UnchangedCount), UnchangedCount(sqlServer)),
        (nameof(UpdateSql), UpdateSql(sqlServer)),
        (nameof(InsertSql), InsertSql(sqlServer)),
        (nameof(DropSql), DropSql(sqlServer)),
    ];

    static string CreateSql(bool sqlServer) => sqlServer
        ? """
          CREATE TABLE #PostStage (InfluencerId int NOT NULL, Platform nvarchar(100) NOT NULL, Date date NOT NULL, Url nvarchar(400) NOT NULL,
              Caption nvarchar(2000) NULL, Reach bigint NOT NULL, Likes bigint NOT NULL, Comments bigint NOT NULL, ExternalId nvarchar(100) NULL)
          """
        : """
          CREATE TEMP TABLE IF NOT EXISTS PostStage (InfluencerId INTEGER NOT NULL, Platform TEXT NOT NULL, Date TEXT NOT NULL, Url TEXT NOT NULL,
              Caption TEXT NULL, Reach INTEGER NOT NULL, Likes INTEGER NOT NULL, Comments INTEGER NOT NULL, ExternalId TEXT NULL);
          DELETE FROM temp.PostStage;
          """;

    // SqlQueryRaw<long> reads a column named Value.
    static string StagedCount(bool sqlServer) => $"SELECT COUNT(*) AS Value FROM {Table(sqlServer)} s";
    static string ExistingCount(bool sqlServer) => $"SELECT COUNT(*) AS Value FROM {Table(sqlServer)} s JOIN Posts p ON {Key}";
    static string UnchangedCount(bool sqlServer) => $"SELECT COUNT(*) AS Value FROM {Table(sqlServer)} s JOIN Posts p ON {Key} AND {Same}";

    static string UpdateSql(bool sqlServer) => sqlServer
        ? $"UPDATE p SET Caption = s.Caption, Reach = s.Reach, Likes = s.Likes, Comments = s.Comments, ExternalId = COALESCE(s.ExternalId, p.ExternalId) " +
          $"FROM Posts p JOIN {Table(sqlServer)} s ON {Key} WHERE NOT ({Same})"
        : $"UPDATE Posts AS p SET Caption = s.Caption, Reach = s.Reach, Likes = s.Likes, Comments = s.Comments, ExternalId = COALESCE(s.ExternalId, p.ExternalId) " +
          $"FROM {Table(sqlServer)} s WHERE {Key} AND NOT ({Same})";

    static string InsertSql(bool sqlServer) =>
        $"INSERT INTO Posts ({string.Join(", ", Columns)}) SELECT {string.Join(", ", Columns.Select(c => "s." + c))} FROM {Table(sqlServer)} s " +
        $"WHERE NOT EXISTS (SELECT 1 FROM Posts p WHERE {Key})";

    static string DropSql(bool sqlServer) => sqlServer ? "DROP TABLE #PostStage" : "DELETE FROM temp.PostStage";

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
