using System.Text.RegularExpressions;
using CampaignTracker.Web.Data;
using CampaignTracker.Web.Ingestion;
using CampaignTracker.Web.Reporting;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace CampaignTracker.Tests.Data;

/// <summary>
/// Issue 13: no SQL Server runs here, so every raw statement the app sends to it is parsed with Microsoft's T-SQL parser
/// and its tables and columns are looked up in the model. The statements come from the members the app runs them from.
/// </summary>
public class SqlServerStatementTests
{
    static readonly Dictionary<string, string> SqlServer = Catalogue(sqlServer: true);
    static readonly Dictionary<string, string> Sqlite = Catalogue(sqlServer: false);

    // Every class that sends raw SQL (grep ExecuteSqlRaw, SqlQueryRaw, CommandText under src), except the SQLite PRAGMAs
    // of IngestUploadJob, Startup and SnapshotRefresher's bulk-write settings, which never reach SQL Server.
    static Dictionary<string, string> Catalogue(bool sqlServer) =>
        new[]
        {
            (nameof(UploadApplier), UploadApplier.Statements(sqlServer)),
            (nameof(PostStage), PostStage.Statements(sqlServer)),
            (nameof(SnapshotRefresher), SnapshotRefresher.Statements(sqlServer)),
            (nameof(SnapshotCube), SnapshotCube.Statements()),
            (nameof(PostTextIndex), PostTextIndex.Statements()),
            (nameof(CampaignTracker.Web.Alerts.EvaluateAlertsJob), CampaignTracker.Web.Alerts.EvaluateAlertsJob.Statements(sqlServer)),
            (nameof(CampaignTracker.Web.Alerts.AlertEvaluator), CampaignTracker.Web.Alerts.AlertEvaluator.Statements()),
            (nameof(CampaignTracker.Web.Payouts.PayoutRunTransitions), CampaignTracker.Web.Payouts.PayoutRunTransitions.Statements(sqlServer)),
        }
        .SelectMany(c => c.Item2.Select(s => (Name: $"{c.Item1}.{s.Name}", s.Sql)))
        .ToDictionary(s => s.Name, s => s.Sql);   // throws on a name twice

    public static TheoryData<string> SqlServerNames => new(SqlServer.Keys);

    // SQLite statements T-SQL can read, for the column check: SQLite's own syntax (CREATE TEMP TABLE, UPDATE … AS, the
    // temp schema, whose table's columns only that CREATE names) is left to the integration tests, which run every one.
    public static TheoryData<string> SqliteNamesTsqlReads =>
        new(Sqlite.Where(s => TryParse(s.Value, out var statement) && !new Names(statement).Tables.Any(t => t.SchemaObject.SchemaIdentifier?.Value == "temp"))
            .Select(s => s.Key));

    [Theory]
    [MemberData(nameof(SqlServerNames))]
    public void Every_sql_server_statement_parses(string name) => Parse(name, SqlServer[name]);

    [Theory]
    [InlineData(MigrationsSqlGenerationOptions.Default)]
    [InlineData(MigrationsSqlGenerationOptions.Idempotent)]
    public void Migration_script_parses(MigrationsSqlGenerationOptions options)
    {
        using var db = MigrationTests.SqlServer();
        Parse($"migration script ({options})", db.GetService<IMigrator>().GenerateScript(options: options));
    }

    [Theory]
    [MemberData(nameof(SqlServerNames))]
    public void Statements_name_only_model_columns(string name)
    {
        using var db = MigrationTests.SqlServer();
        var unknown = UnknownNames(Parse(name, SqlServer[name]), ModelTables(db, SqlServer.Values));
        Assert.True(unknown.Count == 0, $"{name} names what the SQL Server model does not have: {string.Join(", ", unknown)}\n{SqlServer[name]}");
    }

    [Theory]
    [MemberData(nameof(SqliteNamesTsqlReads))]
    public void Sqlite_statements_name_only_model_columns(string name)
    {
        using var db = new SqliteCampaignDbContext(new DbContextOptionsBuilder<SqliteCampaignDbContext>().UseSqlite("Data Source=:memory:").Options);
        var unknown = UnknownNames(Parse(name, Sqlite[name]), ModelTables(db, []));
        Assert.True(unknown.Count == 0, $"{name} names what the SQLite model does not have: {string.Join(", ", unknown)}\n{Sqlite[name]}");
    }

    [Fact]
    public void A_name_not_in_the_model_is_reported()
    {
        using var db = MigrationTests.SqlServer();
        var tables = ModelTables(db, SqlServer.Values);
        string[] Unknown(string sql) => [.. UnknownNames(Parse("test", sql), tables)];

        Assert.Equal(["CampaignName"], Unknown(SqlServer["SnapshotCube.SalesDailyRead"].Replace("Campaign", "CampaignName")));
        Assert.Equal(["Nickname"], Unknown("UPDATE Influencers SET Nickname = @p1 WHERE ExternalId = @p0"));
        Assert.Equal(["s.Views"], Unknown("UPDATE p SET Reach = s.Views FROM Posts p JOIN #PostStage s ON p.Url = s.Url"));
        Assert.Equal(["table Visits", "Date"], Unknown("INSERT INTO Visits (Date) VALUES (@p0)"));
        Assert.Equal(["Revenue, not a column of Posts"], Unknown("INSERT INTO Posts (Url, Revenue) SELECT t.Campaign, t.Revenue FROM TrackingRows t"));
        Assert.Equal(["x.Reach: no table or alias x"], Unknown("SELECT x.Reach FROM Posts p"));
    }

    [Theory]
    [MemberData(nameof(SqlServerNames))]
    public void Statements_stay_within_sql_server_parameter_and_row_limits(string name)
    {
        var names = new Names(Parse(name, SqlServer[name]));
        // SQL Server: at most 2,100 parameters a request, and 1,000 rows in one INSERT … VALUES.
        Assert.True(names.Parameters.Count <= 2100, $"{name}: {names.Parameters.Count} parameters");
        Assert.True(names.MostValuesRows <= 1000, $"{name}: {names.MostValuesRows} rows in its VALUES");
    }

    // The lists above are only complete if no call site writes its SQL inline: every raw-SQL call in the app passes a
    // named member (which a class's Statements lists), except SQLite's PRAGMAs, which never reach SQL Server.
    [Fact]
    public void No_raw_sql_is_written_inline_at_a_call_site_except_sqlite_pragmas()
    {
        var call = new Regex(@"(ExecuteSqlRaw(?:Async)?|SqlQueryRaw<\w+>|ExecuteSql(?:Interpolated)?(?:Async)?|FromSql\w*|new (?:Ingestion\.)?BulkCommand)\(\s*(?:db,\s*)?(\$?@?""[^""]*)");
        var source = Path.Combine(CampaignTracker.Tests.Integration.TestFiles.RepositoryRoot(), "src", "CampaignTracker.Web");
        var inline = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}"))
            .SelectMany(f => call.Matches(File.ReadAllText(f)).Select(m => (File: Path.GetRelativePath(source, f), Sql: m.Groups[2].Value)))
            .Where(c => !c.Sql.TrimStart('$', '@', '"').StartsWith("PRAGMA "))
            .Select(c => $"{c.File}: {c.Sql}")
            .ToList();
        Assert.True(inline.Count == 0, "raw SQL written at a call site, so no statement list has it:\n" + string.Join("\n", inline));
        Assert.Matches(call, "db.Database.ExecuteSqlRawAsync(\"DELETE FROM Posts\", ct)");   // the pattern finds what it looks for
    }

    static TSqlFragment Parse(string name, string sql)
    {
        if (TryParse(sql, out var fragment, out var errors)) return fragment;
        Assert.Fail($"{name} does not parse as T-SQL:\n{sql}\n" + string.Join("\n", errors.Select(e => $"line {e.Line}, column {e.Column}: {e.Message}")));
        return fragment;
    }

    static bool TryParse(string sql, out TSqlFragment fragment) => TryParse(sql, out fragment, out _);

    static bool TryParse(string sql, out TSqlFragment fragment, out IList<ParseError> errors)
    {
        fragment = new TSql160Parser(initialQuotedIdentifiers: true).Parse(new StringReader(AsSent(sql)), out errors);
        return errors.Count == 0;
    }

    // What the server receives: EF's ExecuteSqlRaw turns {0} into a parameter @p0 (RawSqlCommandBuilder). SQLite's
    // numbered ?1 (its bulk insert) becomes a named parameter too, which T-SQL can read, for the SQLite column check.
    static string AsSent(string sql) => Regex.Replace(Regex.Replace(sql, @"\{(\d+)\}", "@p$1"), @"\?(\d+)", "@q$1");

    /// <summary>
    /// Each table's columns as the model maps them, and the temporary tables the statements create with their columns
    /// (read from each CREATE TABLE's AST).
    /// </summary>
    static Dictionary<string, HashSet<string>> ModelTables(DbContext db, IEnumerable<string> statements)
    {
        var tables = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        foreach (var entity in db.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is not { } table) continue;
            var store = StoreObjectIdentifier.Table(table, entity.GetSchema());
            Columns(tables, table).UnionWith(entity.GetProperties().Select(p => p.GetColumnName(store)).OfType<string>());
        }
        foreach (var create in statements.Select(s => Parse("CREATE TABLE", s)).SelectMany(f => new Names(f).Created))
            Columns(tables, create.SchemaObjectName.BaseIdentifier.Value).UnionWith(create.Definition.ColumnDefinitions.Select(c => c.ColumnIdentifier.Value));
        return tables;
    }

    static HashSet<string> Columns(Dictionary<string, HashSet<string>> tables, string name) =>
        tables.TryGetValue(name, out var columns) ? columns : tables[name] = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Tables and columns <paramref name="statement"/> names that are neither in <paramref name="tables"/> nor defined by
    /// the statement itself: a table's alias, a derived table's alias and select list, a select element's alias.
    /// </summary>
    static List<string> UnknownNames(TSqlFragment statement, Dictionary<string, HashSet<string>> tables)
    {
        var names = new Names(statement);
        var unknown = new List<string>();
        // What each table name or alias of the statement stands for.
        var scope = new Dictionary<string, HashSet<string>>(StringComparer.OrdinalIgnoreCase);
        var aliases = names.Tables.Select(t => t.Alias?.Value).Concat(names.Derived.Select(d => d.Alias.Value)).OfType<string>().ToHashSet(StringComparer.OrdinalIgnoreCase);
        foreach (var table in names.Tables)
        {
            var name = table.SchemaObject.BaseIdentifier.Value;
            if (tables.TryGetValue(name, out var columns)) Columns(scope, table.Alias?.Value ?? name).UnionWith(columns);
            else if (table.Alias is null && aliases.Contains(name)) continue;   // UPDATE p … FROM Posts p: the target by its alias
            else unknown.Add($"table {name}");
        }
        foreach (var derived in names.Derived)
            Columns(scope, derived.Alias.Value).UnionWith(((QuerySpecification)derived.QueryExpression).SelectElements.OfType<SelectScalarExpression>()
                .Select(e => e.ColumnName?.Value ?? (e.Expression as ColumnReferenceExpression)?.MultiPartIdentifier.Identifiers.Last().Value).OfType<string>());
        unknown.AddRange(names.Dropped.Select(d => d.BaseIdentifier.Value).Where(t => !tables.ContainsKey(t)).Select(t => $"table {t}"));

        foreach (var reference in names.Columns)
        {
            var parts = reference.MultiPartIdentifier.Identifiers.Select(i => i.Value).ToList();
            var column = parts[^1];
            if (parts.Count > 1)
            {
                var qualifier = parts[^2];
                if (!scope.TryGetValue(qualifier, out var columns)) unknown.Add($"{qualifier}.{column}: no table or alias {qualifier}");
                else if (!columns.Contains(column)) unknown.Add($"{qualifier}.{column}");
            }
            else if (!scope.Values.Any(c => c.Contains(column)) && !names.SelectAliases.Contains(column)) unknown.Add(column);
        }
        // An INSERT's column list and an UPDATE's SET targets belong to the target table itself, not just any table named.
        foreach (var (target, reference) in names.Targeted)
        {
            var column = reference.MultiPartIdentifier.Identifiers.Last().Value;
            if (scope.TryGetValue(target, out var columns) && !columns.Contains(column) && !unknown.Contains(column))
                unknown.Add($"{column}, not a column of {target}");
        }
        return unknown.Distinct().ToList();
    }

    /// <summary>The names a statement uses, read from its AST.</summary>
    sealed class Names : TSqlFragmentVisitor
    {
        public List<NamedTableReference> Tables { get; } = [];
        public List<QueryDerivedTable> Derived { get; } = [];
        public List<ColumnReferenceExpression> Columns { get; } = [];
        public HashSet<string> SelectAliases { get; } = new(StringComparer.OrdinalIgnoreCase);
        public List<(string Target, ColumnReferenceExpression Column)> Targeted { get; } = [];
        public List<CreateTableStatement> Created { get; } = [];
        public List<SchemaObjectName> Dropped { get; } = [];
        public HashSet<string> Parameters { get; } = new(StringComparer.OrdinalIgnoreCase);
        public int MostValuesRows { get; private set; }

        public Names(TSqlFragment fragment) => fragment.Accept(this);

        public override void Visit(NamedTableReference node) => Tables.Add(node);
        public override void Visit(QueryDerivedTable node) => Derived.Add(node);
        public override void Visit(SelectScalarExpression node) { if (node.ColumnName is { } alias) SelectAliases.Add(alias.Value); }
        public override void Visit(CreateTableStatement node) => Created.Add(node);
        public override void Visit(DropTableStatement node) => Dropped.AddRange(node.Objects);
        public override void Visit(VariableReference node) => Parameters.Add(node.Name);
        public override void Visit(ValuesInsertSource node) => MostValuesRows = Math.Max(MostValuesRows, node.RowValues.Count);

        public override void Visit(ColumnReferenceExpression node)
        {
            if (node.ColumnType == ColumnType.Regular) Columns.Add(node);   // not COUNT(*)
        }

        public override void Visit(InsertSpecification node) => AddTargeted(node.Target, node.Columns);

        public override void Visit(UpdateSpecification node) =>
            AddTargeted(node.Target, node.SetClauses.OfType<AssignmentSetClause>().Select(s => s.Column).OfType<ColumnReferenceExpression>());

        void AddTargeted(TableReference target, IEnumerable<ColumnReferenceExpression> columns)
        {
            if (target is NamedTableReference table) Targeted.AddRange(columns.Select(c => (table.SchemaObject.BaseIdentifier.Value, c)));
        }
    }
}
