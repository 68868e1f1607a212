using System.Buffers;
using System.Text;
using System.Text.Unicode;

namespace CampaignTracker.Web.Ingestion.Sources;

/// <summary>
/// Decides how a text file is encoded, and refuses one that is not text. Byte order marks decide first
/// (UTF-8, UTF-16 LE/BE, UTF-32 LE); UTF-16 without one is recognised by its zero bytes. Otherwise the whole
/// file is checked as UTF-8 in one streaming pass (64 KiB at a time, so memory stays flat) before any row is
/// read: a partial check could hand out rows decoded one way and then find out they were the other. A file
/// that is not valid UTF-8 is read as Windows-1252, what Excel on Windows writes for "CSV", with a warning.
/// </summary>
static class TextEncodings
{
    const int HeadBytes = 64 * 1024;

    static readonly Lazy<Encoding> Windows1252 = new(() =>
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        return Encoding.GetEncoding(1252);
    });

    /// <summary>
    /// The encoding to give CsvHelper: null for UTF-8, or for a byte order mark, which it honours itself.
    /// Leaves the stream at its start.
    /// </summary>
    public static Encoding? Detect(Stream stream, string fileName, List<string> warnings)
    {
        var head = new byte[HeadBytes];
        var length = stream.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        var bytes = head.AsSpan(0, length);
        stream.Position = 0;

        if (FileKinds.DescribeBinary(bytes) is { } kind)
            throw FileKinds.Refusal(fileName, kind);

        if (FileKinds.Starts(bytes, 0xFF, 0xFE, 0x00, 0x00)) return CheckText(bytes[4..], new UTF32Encoding(false, false), fileName, null);
        if (FileKinds.Starts(bytes, 0xFF, 0xFE)) return CheckText(bytes[2..], new UnicodeEncoding(false, false), fileName, null);
        if (FileKinds.Starts(bytes, 0xFE, 0xFF)) return CheckText(bytes[2..], new UnicodeEncoding(true, false), fileName, null);
        if (Utf16WithoutBom(bytes) is { } utf16) return CheckText(bytes, utf16, fileName, utf16);

        var hasBom = FileKinds.Starts(bytes, 0xEF, 0xBB, 0xBF);
        CheckText(bytes, Encoding.Latin1, fileName, null);   // one char per byte: enough to see binary data
        var invalid = FirstInvalidUtf8Line(stream, fileName);
        stream.Position = 0;
        if (invalid is null) return null;
        if (hasBom)
        {
            // The byte order mark says UTF-8: keep it, and say where the damage is.
            warnings.Add($"{fileName}: not valid UTF-8 (first at line {invalid}) despite its UTF-8 byte order mark; the bad bytes show as '\uFFFD' — check those values");
            return null;
        }
        warnings.Add($"{fileName}: not valid UTF-8 (first at line {invalid}); read as Windows-1252 — check names with accents");
        return Windows1252.Value;
    }

    static Encoding? CheckText(ReadOnlySpan<byte> bytes, Encoding encoding, string fileName, Encoding? result)
    {
        // The head may end inside a character: decoding replaces it, which is harmless for this check.
        var text = encoding.GetString(bytes);
        if (FileKinds.LooksBinary(text))
            throw new UnreadableFileException(
                $"{fileName} does not look like a CSV file: it holds binary data (NUL or control bytes); {FileKinds.Expected}.");
        if (FileKinds.DescribeMarkup(text) is { } kind)
            throw FileKinds.Refusal(fileName, kind);
        return result;
    }

    /// <summary>UTF-16 saved without a byte order mark: ASCII text then has a zero in every other byte.</summary>
    static Encoding? Utf16WithoutBom(ReadOnlySpan<byte> bytes)
    {
        var pairs = Math.Min(bytes.Length, 4096) / 2;
        if (pairs < 4) return null;
        int evenZeros = 0, oddZeros = 0;
        for (var i = 0; i < pairs * 2; i += 2)
        {
            if (bytes[i] == 0) evenZeros++;
            if (bytes[i + 1] == 0) oddZeros++;
        }
        if (oddZeros > pairs * 0.6 && evenZeros < pairs * 0.05) return new UnicodeEncoding(false, false);
        if (evenZeros > pairs * 0.6 && oddZeros < pairs * 0.05) return new UnicodeEncoding(true, false);
        return null;
    }

    /// <summary>
    /// The line of the first byte sequence that is not UTF-8, or null when the whole file is valid. Refuses a
    /// NUL byte anywhere: a text CSV never has one, a damaged or binary file does.
    /// </summary>
    static long? FirstInvalidUtf8Line(Stream stream, string fileName)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(HeadBytes + 4);
        var chars = ArrayPool<char>.Shared.Rent(HeadBytes + 4);
        try
        {
            long line = 1;
            var carried = 0;   // the start of a character cut by the end of the previous block
            while (true)
            {
                var read = stream.Read(buffer, carried, HeadBytes);
                var block = buffer.AsSpan(0, carried + read);
                var final = read == 0;
                if (block.IndexOf((byte)0) is >= 0 and var nul)
                    throw new UnreadableFileException(
                        $"{fileName} has a NUL byte at line {line + block[..nul].Count((byte)'\n')}: it is not a text CSV file (binary data, or a damaged export); {FileKinds.Expected}.");
                var status = Utf8.ToUtf16(block, chars, out var consumed, out _, replaceInvalidSequences: false, isFinalBlock: final);
                if (status == OperationStatus.InvalidData) return line + block[..consumed].Count((byte)'\n');
                line += block[..consumed].Count((byte)'\n');
                if (final) return null;
                carried = block.Length - consumed;
                block[consumed..].CopyTo(buffer);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
            ArrayPool<char>.Shared.Return(chars);
        }
    }
}
