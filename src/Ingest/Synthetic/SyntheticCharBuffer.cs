using System.Globalization;

namespace Pipeline.Ingest.Synthetic;

/// <summary>A growable char buffer reused per thread, so a document costs one final string.</summary>
internal sealed class SyntheticCharBuffer
{
    [ThreadStatic]
    private static SyntheticCharBuffer? t_main;

    [ThreadStatic]
    private static SyntheticCharBuffer? t_aux;

    private char[] _chars = new char[4096];

    public static SyntheticCharBuffer Main => t_main ??= new SyntheticCharBuffer();

    public static SyntheticCharBuffer Aux => t_aux ??= new SyntheticCharBuffer();

    public int Length { get; set; }

    public ReadOnlySpan<char> Span => _chars.AsSpan(0, Length);

    public SyntheticCharBuffer Clear()
    {
        Length = 0;
        return this;
    }

    private void Grow(int need)
    {
        var n = new char[Math.Max(_chars.Length * 2, Length + need)];
        _chars.AsSpan(0, Length).CopyTo(n);
        _chars = n;
    }

    public SyntheticCharBuffer Append(ReadOnlySpan<char> s)
    {
        if (Length + s.Length > _chars.Length) Grow(s.Length);
        s.CopyTo(_chars.AsSpan(Length));
        Length += s.Length;
        return this;
    }

    public SyntheticCharBuffer Append(string s) => Append(s.AsSpan());

    public SyntheticCharBuffer Append(char c)
    {
        if (Length + 1 > _chars.Length) Grow(1);
        _chars[Length++] = c;
        return this;
    }

    public SyntheticCharBuffer Append(long v)
    {
        if (Length + 20 > _chars.Length) Grow(20);
        v.TryFormat(_chars.AsSpan(Length), out int w, default, CultureInfo.InvariantCulture);
        Length += w;
        return this;
    }

    /// <summary>Appends text with &amp;, &lt;, &gt; and &quot; escaped.</summary>
    public SyntheticCharBuffer AppendHtml(ReadOnlySpan<char> s)
    {
        while (s.Length > 0)
        {
            int i = s.IndexOfAny("&<>\"");
            if (i < 0)
            {
                Append(s);
                break;
            }
            Append(s[..i]);
            Append(s[i] switch { '&' => "&amp;", '<' => "&lt;", '>' => "&gt;", _ => "&quot;" });
            s = s[(i + 1)..];
        }
        return this;
    }

    public override string ToString() => new(_chars, 0, Length);
}
