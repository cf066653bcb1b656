using System.Globalization;
using System.Text;

namespace Pipeline.Filters.Text;

/// <summary>
/// Script-aware splitting of text into words and lines. Words are runs of letters, digits and marks (with inner
/// apostrophes and hyphens); characters of scripts written without spaces (Han, Hiragana, Katakana, Thai, Lao,
/// Khmer, Myanmar, Tibetan) count as one word each. Never throws, whatever the input (lone surrogates included).
/// </summary>
internal static class TextUnits
{
    /// <summary>True for a code point of a script written without spaces between words.</summary>
    public static bool IsUnspacedScript(int cp) =>
        cp is >= 0x2E80 and <= 0x2FDF // CJK radicals
        or >= 0x3040 and <= 0x30FF // Hiragana, Katakana
        or >= 0x3100 and <= 0x31FF // Bopomofo, Katakana ext
        or >= 0x3400 and <= 0x4DBF // CJK ext A
        or >= 0x4E00 and <= 0x9FFF // CJK unified
        or >= 0xF900 and <= 0xFAFF // CJK compatibility
        or >= 0xFF66 and <= 0xFF9F // half-width Katakana
        or >= 0x0E00 and <= 0x0EFF // Thai, Lao
        or >= 0x0F00 and <= 0x0FFF // Tibetan
        or >= 0x1000 and <= 0x109F // Myanmar
        or >= 0x1780 and <= 0x17FF // Khmer
        or >= 0x20000 and <= 0x3134F; // CJK ext B..G

    /// <summary>True when the rune is part of a word: a letter, digit or combining mark.</summary>
    public static bool IsWordRune(Rune r)
    {
        var c = Rune.GetUnicodeCategory(r);
        return c is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter or UnicodeCategory.DecimalDigitNumber
            or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber or UnicodeCategory.NonSpacingMark
            or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
    }

    /// <summary>True when the rune is a letter.</summary>
    public static bool IsLetter(Rune r) => Rune.IsLetter(r);

    /// <summary>The words of <paramref name="text"/> (letter/digit runs; unspaced-script characters one by one).</summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        ForEachWord(text, (start, length) => words.Add(text.Substring(start, length)));
        return words;
    }

    /// <summary>Number of words in <paramref name="text"/>.</summary>
    public static int CountWords(string text)
    {
        int n = 0;
        ForEachWord(text, (_, _) => n++);
        return n;
    }

    /// <summary>Calls <paramref name="onWord"/> with (start, length) of each word in order.</summary>
    public static void ForEachWord(string text, Action<int, int> onWord)
    {
        int start = -1;
        int i = 0;
        while (i < text.Length)
        {
            char ch = text[i];
            if (ch < 0x80)
            {
                if (char.IsAsciiLetterOrDigit(ch))
                {
                    if (start < 0) start = i;
                }
                else if (start >= 0 && (ch is '\'' or '-') && i + 1 < text.Length && IsWordChar(text, i + 1))
                {
                    // inner apostrophe or hyphen
                }
                else if (start >= 0)
                {
                    onWord(start, i - start);
                    start = -1;
                }
                i++;
                continue;
            }
            if (Rune.DecodeFromUtf16(text.AsSpan(i), out var r, out int used) != System.Buffers.OperationStatus.Done)
            {
                if (start >= 0) { onWord(start, i - start); start = -1; }
                i += Math.Max(used, 1);
                continue;
            }
            if (IsUnspacedScript(r.Value))
            {
                if (start >= 0) { onWord(start, i - start); start = -1; }
                onWord(i, used);
            }
            else if (IsWordRune(r))
            {
                if (start < 0) start = i;
            }
            else if (start >= 0 && (r.Value is '\'' or '\u2019' or '-') && i + used < text.Length && i > start
                     && Rune.DecodeFromUtf16(text.AsSpan(i + used), out var next, out _) == System.Buffers.OperationStatus.Done
                     && IsWordRune(next) && !IsUnspacedScript(next.Value))
            {
                // inner apostrophe or hyphen: part of the word ("don't", "well-known")
            }
            else if (start >= 0)
            {
                onWord(start, i - start);
                start = -1;
            }
            i += used;
        }
        if (start >= 0) onWord(start, text.Length - start);
    }

    private static bool IsWordChar(string text, int i)
    {
        char c = text[i];
        if (c < 0x80) return char.IsAsciiLetterOrDigit(c);
        return Rune.DecodeFromUtf16(text.AsSpan(i), out var r, out _) == System.Buffers.OperationStatus.Done && IsWordRune(r) && !IsUnspacedScript(r.Value);
    }

    /// <summary>
    /// Whitespace-separated tokens, with unspaced-script characters split off one by one (what Gopher calls words,
    /// punctuation attached).
    /// </summary>
    public static List<string> Tokens(string text)
    {
        var tokens = new List<string>();
        int start = -1;
        int i = 0;
        while (i < text.Length)
        {
            int used = 1;
            bool space;
            bool unspaced = false;
            char ch = text[i];
            if (ch < 0x80)
            {
                space = ch is ' ' or '\t' or '\n' or '\r' or '\f' or '\v';
            }
            else if (Rune.DecodeFromUtf16(text.AsSpan(i), out var r, out int u) == System.Buffers.OperationStatus.Done)
            {
                used = u;
                space = Rune.IsWhiteSpace(r);
                unspaced = !space && IsUnspacedScript(r.Value);
            }
            else
            {
                used = Math.Max(u, 1);
                space = false;
            }
            if (space || unspaced)
            {
                if (start >= 0) { tokens.Add(text[start..i]); start = -1; }
                if (unspaced) tokens.Add(text.Substring(i, used));
            }
            else if (start < 0) start = i;
            i += used;
        }
        if (start >= 0) tokens.Add(text[start..]);
        return tokens;
    }

    /// <summary>True when <paramref name="token"/> has at least one letter or digit.</summary>
    public static bool HasWordChar(string token)
    {
        foreach (var c in token) if (char.IsAsciiLetterOrDigit(c)) return true;
        foreach (var r in token.EnumerateRunes()) if (r.Value >= 0x80 && IsWordRune(r)) return true;
        return false;
    }

    /// <summary>True when <paramref name="token"/> has at least one letter.</summary>
    public static bool HasLetter(string token)
    {
        foreach (var c in token) if (char.IsAsciiLetter(c)) return true;
        foreach (var r in token.EnumerateRunes()) if (r.Value >= 0x80 && Rune.IsLetter(r)) return true;
        return false;
    }

    /// <summary>Token without leading and trailing punctuation and symbols, lower-cased.</summary>
    public static string Normalise(string token)
    {
        int s = 0, e = token.Length;
        while (s < e && !char.IsLetterOrDigit(token[s]) && !char.IsSurrogate(token[s])) s++;
        while (e > s && !char.IsLetterOrDigit(token[e - 1]) && !char.IsSurrogate(token[e - 1])) e--;
        return token[s..e].ToLowerInvariant();
    }

    /// <summary>Lines of <paramref name="text"/> (split on \n, \r\n or \r).</summary>
    public static string[] Lines(string text) => text.Split(["\r\n", "\n", "\r"], StringSplitOptions.None);

    /// <summary>Non-empty lines, trimmed.</summary>
    public static List<string> NonEmptyLines(string text)
    {
        var result = new List<string>();
        foreach (var l in Lines(text))
        {
            var t = l.Trim();
            if (t.Length > 0) result.Add(t);
        }
        return result;
    }

    /// <summary>Paragraphs: blocks separated by one or more blank lines, trimmed, non-empty.</summary>
    public static List<string> Paragraphs(string text)
    {
        var result = new List<string>();
        var sb = new StringBuilder();
        foreach (var l in Lines(text))
        {
            if (l.Trim().Length == 0)
            {
                if (sb.Length > 0) { result.Add(sb.ToString().Trim()); sb.Clear(); }
            }
            else
            {
                if (sb.Length > 0) sb.Append('\n');
                sb.Append(l);
            }
        }
        if (sb.Length > 0) result.Add(sb.ToString().Trim());
        return result;
    }

    /// <summary>Text as invariant string for details ("0.1234").</summary>
    public static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
