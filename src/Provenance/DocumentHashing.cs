using System.IO.Hashing;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;

namespace Pipeline.Provenance;

/// <summary>
/// A document record with its content hash computed by the thread that wrote it to the ledger (where the text is
/// still in cache), so the single writer thread only appends. It keeps the document's id, source and metadata but
/// not its text, so queued records do not hold texts in memory.
/// </summary>
internal sealed record HashedDocumentRecord(string StepId, string DocumentId, SourceRef Source, Meta Meta, string ContentHash, long TextBytes) : LedgerRecord
{
    [ThreadStatic]
    private static byte[]? t_hashBuffer;

    /// <summary>Adds the content hash to a document record (any thread).</summary>
    public static HashedDocumentRecord Of(DocumentEnteredRecord r)
    {
        var d = r.Document;
        var hash = Hash(d.Text, out long n);
        return new(r.StepId, d.Id, d.Source, d.Meta, hash, n);
    }

    /// <summary><see cref="DocumentId.ContentHash"/> (xxh128 of the UTF-8 text, lower-case hex) and the UTF-8 length, without allocating the bytes.</summary>
    public static string Hash(string text, out long utf8Bytes)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = t_hashBuffer;
        if (buffer is null || buffer.Length < max)
        {
            if (max > 1 << 22) // very large text: do not keep a huge buffer per thread
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                utf8Bytes = bytes.Length;
                return Convert.ToHexStringLower(XxHash128.Hash(bytes));
            }
            t_hashBuffer = buffer = new byte[Math.Max(max, 1 << 16)];
        }
        int n = Encoding.UTF8.GetBytes(text, buffer);
        utf8Bytes = n;
        return Convert.ToHexStringLower(XxHash128.Hash(buffer.AsSpan(0, n)));
    }
}
