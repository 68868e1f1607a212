using System.IO.Compression;
using System.IO.Hashing;

namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>
/// Zip bomb rules, for XLSX workbooks and .zip uploads alike. Before anything is decompressed, from the
/// archive's directory: the entries together may not expand beyond MaxUncompressedBytes, and no entry above
/// 1 MB may expand more than MaxCompressionRatio times its compressed size (small entries may: a tiny XML part
/// compresses very well). The directory can lie, so the same limits are checked again on the bytes actually
/// decompressed (<see cref="Guard"/>), an entry may not yield more than it declared, and one read to its end
/// must match its declared size and CRC-32: .NET stops an entry at its declared size without a word, which
/// would otherwise cut a CSV short in silence.
/// </summary>
static class ZipGuard
{
    public const long RatioFloor = 1024 * 1024;

    /// <summary>What an archive's directory says about one entry.</summary>
    public sealed record Entry(string Name, long Length, long CompressedLength, uint Crc32)
    {
        public static Entry Of(ZipArchiveEntry entry) => new(entry.FullName, entry.Length, entry.CompressedLength, entry.Crc32);
    }

    public static void CheckDeclared(string fileName, IEnumerable<Entry> entries, IngestionLimits limits)
    {
        long total = 0;
        foreach (var entry in entries)
        {
            total += entry.Length;
            CheckRatio(fileName, entry, entry.Length, limits);
        }
        CheckTotal(fileName, total, limits);
    }

    /// <summary>
    /// The decompressed <paramref name="content"/> of an entry, counted as it is read against the limits;
    /// <paramref name="budget"/> is shared by the entries of one archive.
    /// </summary>
    public static CountingStream Guard(string fileName, Entry entry, Stream content, IngestionLimits limits, Budget budget) =>
        new(content, (read, total, crc) =>
        {
            if (crc is { } actual && (total != entry.Length || actual != entry.Crc32))
                throw new UnreadableFileException(
                    $"{fileName} is damaged: {entry.Name} does not match its checksum or declared size; {FileKinds.Expected}.");
            budget.Used += read;
            if (total > entry.Length)
                throw new UnreadableFileException(
                    $"{fileName} is damaged or built to harm: {entry.Name} holds more than the {Sizes.Format(entry.Length)} its directory declares; {FileKinds.Expected}.");
            CheckRatio(fileName, entry, total, limits);
            CheckTotal(fileName, budget.Used, limits);
        });

    static void CheckRatio(string fileName, Entry entry, long uncompressed, IngestionLimits limits)
    {
        var compressed = Math.Max(entry.CompressedLength, 1);
        if (uncompressed > RatioFloor && uncompressed > compressed * limits.MaxCompressionRatio)
            throw new UnreadableFileException(
                $"{fileName} looks like a zip bomb: {entry.Name} expands {uncompressed / compressed:N0} times its compressed size; the limit is {limits.MaxCompressionRatio:N0} times (Ingestion:MaxCompressionRatio).");
    }

    static void CheckTotal(string fileName, long total, IngestionLimits limits)
    {
        if (total > limits.MaxUncompressedBytes)
            throw new UnreadableFileException(
                $"{fileName} expands to more than {Sizes.Format(limits.MaxUncompressedBytes)} when decompressed; the limit is {Sizes.Format(limits.MaxUncompressedBytes)} (Ingestion:MaxUncompressedBytes).");
    }

    /// <summary>The decompressed bytes of one archive read so far.</summary>
    public sealed class Budget
    {
        public long Used { get; set; }
    }

    /// <summary>
    /// A read-only stream that reports each read as it happens: its size, the running total, and at the end of
    /// the content (a read of 0 bytes) the CRC-32 of all of it.
    /// </summary>
    public sealed class CountingStream(Stream inner, Action<int, long, uint?> onRead) : Stream
    {
        readonly Crc32 crc = new();

        public long BytesRead { get; private set; }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            var read = inner.Read(buffer);
            BytesRead += read;
            crc.Append(buffer[..read]);
            onRead(read, BytesRead, read == 0 && buffer.Length > 0 ? crc.GetCurrentHashAsUInt32() : null);
            return read;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
