using System.Data.Common;
using System.Globalization;
using CampaignTracker.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace CampaignTracker.Web.Ingestion;

/// <summary>
/// A prepared statement run once per row on the context's connection and transaction, bypassing
/// the change tracker (TECH-NOTES: ~10× EF's AddRange on SQLite). Values are stored as EF stores them.
/// </summary>
public sealed class BulkCommand : IDisposable
{
    readonly DbCommand command;
    readonly DbParameter[] parameters;
    readonly bool sqlite;

    public BulkCommand(CampaignDbContext db, string sql, int parameterCount)
    {
        sqlite = db.Database.IsSqlite();
        (command, parameters) = Prepare(db, sql, parameterCount);
    }

    public int Run(params object?[] values)
    {
        for (var i = 0; i < values.Length; i++) parameters[i].Value = ToDb(values[i], sqlite);
        return command.ExecuteNonQuery();
    }

    internal static (DbCommand, DbParameter[]) Prepare(CampaignDbContext db, string sql, int parameterCount)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        command.CommandText = sql;
        var parameters = new DbParameter[parameterCount];
        for (var i = 0; i < parameterCount; i++)
        {
            parameters[i] = command.CreateParameter();
            parameters[i].ParameterName = "@p" + i;
            command.Parameters.Add(parameters[i]);
        }
        return (command, parameters);
    }

    // As EF Core writes them: SQLite keeps decimals as invariant TEXT, dates as yyyy-MM-dd and times as yyyy-MM-dd HH:mm:ss.FFFFFFF.
    internal static object ToDb(object? value, bool sqlite) => value switch
    {
        null => DBNull.Value,
        decimal d when sqlite => d.ToString("0.0###########################", CultureInfo.InvariantCulture),
        DateOnly d when sqlite => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t when sqlite => t.ToString("yyyy-MM-dd HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture),
        bool b when sqlite => b ? 1 : 0,
        Enum e => e.ToString(),
        _ => value,
    };

    public void Dispose() => command.Dispose();
}

/// <summary>A table and the columns a <see cref="BulkInsert"/> fills, in the order of the values added.</summary>
public sealed record BulkTable(string Name, params string[] Columns);

/// <summary>Inserts rows into a table as fast as the provider allows; call <see cref="Complete"/> at the end.</summary>
public abstract class BulkInsert : IDisposable
{
    public long Inserted { get; protected set; }

    public abstract void Add(params object?[] values);

    /// <summary>Writes the rows still buffered.</summary>
    public virtual void Complete() { }

    /// <summary>Waits until every row added so far is written, before the caller runs another statement on the connection.</summary>
    public virtual void Drain() { }

    public abstract void Dispose();

    public static BulkInsert Into(CampaignDbContext db, BulkTable table) =>
        db.Database.IsSqlite() ? new SqliteBulkInsert(db, table) : new BatchedBulkInsert(db, table);

    /// <summary>The statements <see cref="Into"/> prepares for <paramref name="table"/>, each shape once: SqlServerStatementTests reads them.</summary>
    internal static IEnumerable<(string Name, string Sql)> Statements(string name, BulkTable table, bool sqlServer) => sqlServer
        ? [($"{name}, a batch", BatchedBulkInsert.BatchSql(table, BatchedBulkInsert.BatchRows(table))), ($"{name}, the last rows", BatchedBulkInsert.BatchSql(table, 1))]
        : [($"{name}, a row", SqliteBulkInsert.RowsSql(table, 1)), ($"{name}, rows", SqliteBulkInsert.RowsSql(table, SqliteBulkInsert.StatementRows(table)))];

    // Column names quoted (both providers take "name"): a column may be a keyword of one of them, such as T-SQL's RULE.
    protected static string Sql(BulkTable table, int rows, Func<int, string> parameter) =>
        $"INSERT INTO {table.Name} ({string.Join(", ", table.Columns.Select(c => $"\"{c}\""))}) VALUES " +
        string.Join(", ", Enumerable.Range(0, rows).Select(r => "(" + string.Join(", ", table.Columns.Select((_, c) => parameter(r * table.Columns.Length + c))) + ")"));
}

/// <summary>
/// SQLite: one prepared statement driven through the native API, binding by position. ADO.NET's
/// per-parameter work (lookup by name, type inference) cost ~15 µs a row, several times SQLite's own.
/// The statement runs on a writer thread fed batches of rows through a small bounded queue, so that reading
/// and validating the next rows (the caller's thread) overlaps SQLite's inserting on a second core. Memory
/// stays flat: at most <see cref="QueuedBatches"/> batches wait. The connection is never used by two threads at
/// once: the caller calls <see cref="Drain"/> before any other statement, and <see cref="Complete"/> at the end.
/// </summary>
sealed class SqliteBulkInsert : BulkInsert
{
    const int BatchRows = 1024;
    const int QueuedBatches = 8;

    readonly SQLitePCL.sqlite3 connection;
    readonly SQLitePCL.sqlite3_stmt statement;
    readonly SQLitePCL.sqlite3_stmt? multiRow;
    readonly int columnCount, statementRows;
    readonly System.Collections.Concurrent.BlockingCollection<object?[][]>? queue;
    readonly Thread? writer;
    object?[][] batch = new object?[BatchRows][];
    int buffered, pending;
    volatile bool stopping;
    Exception? failure;

    public SqliteBulkInsert(CampaignDbContext db, BulkTable table)
    {
        connection = ((Microsoft.Data.Sqlite.SqliteConnection)db.Database.GetDbConnection()).Handle!;
        Check(SQLitePCL.raw.sqlite3_prepare_v2(connection, RowsSql(table, 1), out statement));
        columnCount = table.Columns.Length;
        if (Environment.ProcessorCount < 2) return;   // no second core: insert inline
        statementRows = StatementRows(table);
        Check(SQLitePCL.raw.sqlite3_prepare_v2(connection, RowsSql(table, statementRows), out multiRow));
        queue = new(QueuedBatches);
        writer = new Thread(Write) { IsBackground = true, Name = "bulk insert " + table.Name };
        writer.Start();
    }

    // Several rows a statement: one step, one reset and one sqlite_sequence update (AUTOINCREMENT) per 64 rows.
    internal static int StatementRows(BulkTable table) => Math.Clamp(900 / table.Columns.Length, 1, 64);

    internal static string RowsSql(BulkTable table, int rows) => Sql(table, rows, i => "?" + (i + 1));

    public override void Add(params object?[] values)
    {
        if (failure is { } e) throw new InvalidOperationException("the bulk insert failed: " + e.Message, e);
        Inserted++;
        if (queue is null) { Insert(values); return; }
        // Conversions to UTF-8 text here, on the reading thread: the writer thread is the busier one.
        for (var i = 0; i < values.Length; i++)
        {
            if (values[i] is not (null or int or long or string)) values[i] = BulkCommand.ToDb(values[i], sqlite: true);
            if (values[i] is string text) values[i] = System.Text.Encoding.UTF8.GetBytes(text);
        }
        batch[buffered++] = values;
        if (buffered == BatchRows) Flush();
    }

    void Flush()
    {
        if (buffered == 0) return;
        lock (queue!) pending++;
        queue.Add(buffered == BatchRows ? batch : batch[..buffered]);
        batch = new object?[BatchRows][];
        buffered = 0;
    }

    public override void Drain()
    {
        if (queue is null) return;
        Flush();
        lock (queue)
            while (pending > 0) Monitor.Wait(queue);
        if (failure is { } e) throw new InvalidOperationException("the bulk insert failed: " + e.Message, e);
    }

    public override void Complete()
    {
        if (queue is null) return;
        Flush();
        queue.CompleteAdding();
        writer!.Join();
        if (failure is { } e) throw new InvalidOperationException("the bulk insert failed: " + e.Message, e);
    }

    void Write()
    {
        try
        {
            foreach (var rows in queue!.GetConsumingEnumerable())
            {
                if (!stopping) Insert(rows);   // when stopping (disposed without Complete) the caller rolls back: drop the rest
                Done();
            }
        }
        catch (Exception e)
        {
            failure = e;
            stopping = true;
            Done();
            foreach (var _ in queue!.GetConsumingEnumerable()) Done();   // unblock the reading thread
        }
    }

    void Done()
    {
        lock (queue!)
        {
            pending--;
            Monitor.PulseAll(queue);
        }
    }

    void Insert(object?[][] rows)
    {
        var row = 0;
        for (; row + statementRows <= rows.Length; row += statementRows)
        {
            for (var r = 0; r < statementRows; r++) Bind(multiRow!, rows[row + r], r * columnCount);
            Step(multiRow!);
        }
        for (; row < rows.Length; row++) Insert(rows[row]);
    }

    void Insert(object?[] values)
    {
        Bind(statement, values, 0);
        Step(statement);
    }

    void Bind(SQLitePCL.sqlite3_stmt target, object?[] values, int offset)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var position = offset + i + 1;
            Check(values[i] switch
            {
                null => SQLitePCL.raw.sqlite3_bind_null(target, position),
                int n => SQLitePCL.raw.sqlite3_bind_int64(target, position, n),
                long n => SQLitePCL.raw.sqlite3_bind_int64(target, position, n),
                byte[] utf8 => SQLitePCL.raw.sqlite3_bind_text(target, position, (ReadOnlySpan<byte>)utf8),
                string text => SQLitePCL.raw.sqlite3_bind_text(target, position, text),
                var other => SQLitePCL.raw.sqlite3_bind_text(target, position, (string)BulkCommand.ToDb(other, sqlite: true)),
            });
        }
    }

    void Step(SQLitePCL.sqlite3_stmt target)
    {
        var step = SQLitePCL.raw.sqlite3_step(target);
        SQLitePCL.raw.sqlite3_reset(target);
        if (step != SQLitePCL.raw.SQLITE_DONE) Check(step);
    }

    void Check(int code)
    {
        if (code is not (SQLitePCL.raw.SQLITE_OK or SQLitePCL.raw.SQLITE_DONE))
            throw new Microsoft.Data.Sqlite.SqliteException(SQLitePCL.raw.sqlite3_errmsg(connection).utf8_to_string(), code);
    }

    public override void Dispose()
    {
        if (queue is not null)
        {
            stopping = true;
            if (!queue.IsAddingCompleted) queue.CompleteAdding();
            writer!.Join();   // never leave the thread stepping once the caller goes on (to a rollback)
            queue.Dispose();
        }
        multiRow?.Dispose();
        statement.Dispose();
    }
}

/// <summary>
/// Other providers: rows many at a time, one INSERT … VALUES (…), (…), … per batch, which saves most of
/// the per-statement round trips (SQL Server allows 2,100 parameters a statement).
/// </summary>
sealed class BatchedBulkInsert : BulkInsert
{
    readonly CampaignDbContext db;
    readonly BulkTable table;
    readonly int batchRows;
    readonly DbCommand command;
    readonly DbParameter[] parameters;
    int buffered;

    public BatchedBulkInsert(CampaignDbContext db, BulkTable table)
    {
        (this.db, this.table) = (db, table);
        batchRows = BatchRows(table);
        (command, parameters) = BulkCommand.Prepare(db, BatchSql(table, batchRows), batchRows * table.Columns.Length);
    }

    internal static int BatchRows(BulkTable table) => Math.Max(1, 2000 / table.Columns.Length);

    internal static string BatchSql(BulkTable table, int rows) => Sql(table, rows, i => "@p" + i);

    public override void Add(params object?[] values)
    {
        var offset = buffered * table.Columns.Length;
        for (var i = 0; i < values.Length; i++) parameters[offset + i].Value = BulkCommand.ToDb(values[i], sqlite: false);
        if (++buffered < batchRows) return;
        command.ExecuteNonQuery();
        Inserted += buffered;
        buffered = 0;
    }

    public override void Complete()
    {
        if (buffered == 0) return;
        var (rest, restParameters) = BulkCommand.Prepare(db, BatchSql(table, buffered), buffered * table.Columns.Length);
        using (rest)
        {
            for (var i = 0; i < restParameters.Length; i++) restParameters[i].Value = parameters[i].Value;
            rest.ExecuteNonQuery();
        }
        Inserted += buffered;
        buffered = 0;
    }

    public override void Dispose() => command.Dispose();
}
