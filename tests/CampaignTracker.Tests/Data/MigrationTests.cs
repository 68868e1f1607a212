using CampaignTracker.Web.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Infrastructure;

namespace CampaignTracker.Tests.Data;

public class MigrationTests
{
    // No server is contacted: building a script and comparing the model need only the provider.
    internal static SqlServerCampaignDbContext SqlServer() =>
        new(new DbContextOptionsBuilder<SqlServerCampaignDbContext>()
            .UseSqlServer("Server=localhost;Database=CampaignTracker;Trusted_Connection=True;TrustServerCertificate=True").Options);

    static SqliteCampaignDbContext Sqlite(SqliteConnection connection) =>
        new(new DbContextOptionsBuilder<SqliteCampaignDbContext>().UseSqlite(connection).Options);

    [Fact]
    public void Sql_server_migrations_produce_a_script_with_every_table()
    {
        using var db = SqlServer();
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        foreach (var table in new[] { "Influencers", "Posts", "TrackingRows", "Payouts", "Products", "Brands", "Uploads", "UploadFiles",
                     "Settings", "UserBrands", "AspNetUsers", "AspNetRoles", "SalesDaily", "PostDaily", "InfluencerTotals", "PayoutRuns", "PayoutRunLines" })
            Assert.Contains($"CREATE TABLE [{table}]", script);
        Assert.Contains("decimal(18,2)", script);
    }

    [Fact]
    public void Sql_server_model_has_no_pending_changes()
    {
        using var db = SqlServer();
        Assert.False(db.Database.HasPendingModelChanges(), "run: dotnet ef migrations add NAME --context SqlServerCampaignDbContext (README)");
    }

    [Fact]
    public void Sqlite_model_has_no_pending_changes()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        using var db = Sqlite(connection);
        Assert.False(db.Database.HasPendingModelChanges(), "run: dotnet ef migrations add NAME --context SqliteCampaignDbContext (README)");
    }

    [Fact]
    public void Sqlite_migrations_apply_to_an_empty_database()
    {
        using var connection = new SqliteConnection("Data Source=:memory:");
        connection.Open();
        using var db = Sqlite(connection);
        db.Database.Migrate();
        Assert.Empty(db.Database.GetPendingMigrations());
        Assert.Equal(0, db.Influencers.Count());
    }
}
