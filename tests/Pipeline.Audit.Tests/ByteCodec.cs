using System.Text;

namespace Pipeline.Audit.Tests;

/// <summary>Bytes as tokens, 256 = end of text.</summary>
internal sealed class ByteCodec : ITextCodec
{
    public int EndOfText => 256;

    public int[] Encode(string text) => Encoding.UTF8.GetBytes(text).Select(b => (int)b).ToArray();

    public string Decode(ReadOnlySpan<int> tokens)
    {
        var bytes = new List<byte>();
        foreach (var t in tokens) if (t < 256) bytes.Add((byte)t);
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
