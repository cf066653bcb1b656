using System.IO.Hashing;
using System.Text;

namespace Pipeline.Core.Documents;

/// <summary>Stable document ids: 16 hex digits of XxHash64 over "source#offset".</summary>
public static class DocumentId
{
    /// <summary>Id for the record at <paramref name="offset"/> of <paramref name="source"/>.</summary>
    public static string For(string source, long offset)
    {
        var text = string.Concat(source, "#", offset.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return Hash64Hex(text);
    }

    /// <summary>16 lowercase hex digits of XxHash64 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Hash64Hex(string text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buf = max <= 1024 ? stackalloc byte[max] : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(max));
        try
        {
            int n = Encoding.UTF8.GetBytes(text, buf);
            ulong h = XxHash64.HashToUInt64(buf[..n]);
            return h.ToString("x16", System.Globalization.CultureInfo.InvariantCulture);
        }
        finally
        {
            if (rented is not null) System.Buffers.ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <summary>32 lowercase hex digits of XxHash128 of the UTF-8 text: the ledger's content hash.</summary>
    public static string ContentHash(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        return Convert.ToHexStringLower(XxHash128.Hash(bytes));
    }
}
