using System.Text;
using CampaignTracker.Web.Ingestion.Sources;

namespace CampaignTracker.Tests.Ingestion.Sources;

/// <summary>Alone, so that the process's memory is this test's.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class MemoryCollection
{
    public const string Name = "Memory measurements";
}

[Collection(MemoryCollection.Name)]
public class CsvStreamingTests : IDisposable
{
    readonly Scratch scratch = new();

    public void Dispose() => scratch.Dispose();

    [Fact]
    public void A_50_mb_file_is_read_without_holding_its_rows()
    {
        const int rowCount = 700_000;
        var path = scratch.Path("tracking.csv");
        using (var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16))
        {
            writer.Write("source,campaign,influencer_id,user_id,product,brand,date,orders,revenue\n");
            for (var i = 0; i < rowCount; i++)
                writer.Write($"insta,Diwali 2024 — Zoë,INF{i % 5000:D5},U{i:D8},Serum {i % 97},Acme,2024-10-{i % 28 + 1:D2},{i % 9 + 1},{i % 100_000}.{i % 100:D2}\n");
        }
        var size = new FileInfo(path).Length;
        Assert.InRange(size, 50L * 1024 * 1024, 80L * 1024 * 1024);

        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peak = 0, rows = 0, lastRow = 0;
        using (var source = TableSources.Open(path, "tracking.csv", new IngestionLimits()))
        {
            while (source.Read())
            {
                rows++;
                lastRow = source.RowNumber;
                _ = source.GetField(8);
                if (rows % 100_000 == 0) peak = Math.Max(peak, GC.GetTotalMemory(forceFullCollection: true) - baseline);
            }
            Assert.Equal(size, source.BytesRead);
            Assert.Empty(source.Warnings);
        }

        Assert.Equal(rowCount, rows);
        Assert.Equal(rowCount + 1, lastRow);
        // Live memory while reading (measured: well under 1 MB): a buffer, never the file's 50+ MB of rows.
        Assert.True(peak < 8 * 1024 * 1024, $"live memory grew by {peak:N0} bytes while reading a {size:N0}-byte file");
    }
}
