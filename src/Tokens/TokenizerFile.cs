using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.ML.Tokenizers;

namespace Pipeline.Tokens;

/// <summary>
/// A byte-level BPE tokenizer for encoding and decoding, backed by Microsoft.ML.Tokenizers' Tiktoken
/// implementation: either a tiktoken rank file (base64 token bytes, a space, the rank, per line; special tokens
/// in the sidecar "FILE.json") or a prebuilt encoding ("cl100k_base", "o200k_base").
/// Thread-safe: encode from many threads at once.
/// </summary>
public sealed class TokenizerFile
{
    /// <summary>The end-of-text special token.</summary>
    public const string EndOfText = "<|endoftext|>";

    /// <summary>Prebuilt encoding names accepted by <see cref="Load"/>.</summary>
    public static readonly IReadOnlyList<string> PrebuiltNames = ["cl100k_base", "o200k_base"];

    private readonly string[] _specialLiterals;

    private TokenizerFile(TiktokenTokenizer tokenizer, string name, string? path, string? sha256, int eotId, int rankCount)
    {
        Tokenizer = tokenizer;
        Name = name;
        Path = path;
        Sha256 = sha256;
        EotId = eotId;
        int max = rankCount - 1;
        if (tokenizer.SpecialTokens is { } sp) foreach (var v in sp.Values) max = Math.Max(max, v);
        VocabSize = max + 1;
        _specialLiterals = tokenizer.SpecialTokens?.Keys.OrderByDescending(k => k.Length).ToArray() ?? [];
    }

    /// <summary>The library tokenizer (the hot path).</summary>
    public TiktokenTokenizer Tokenizer { get; }

    /// <summary>Prebuilt name or rank file name.</summary>
    public string Name { get; }

    /// <summary>Absolute rank file path; null for a prebuilt encoding.</summary>
    public string? Path { get; }

    /// <summary>SHA-256 of the rank file; null for a prebuilt encoding.</summary>
    public string? Sha256 { get; }

    /// <summary>Number of ids (ranks and special tokens).</summary>
    public int VocabSize { get; }

    /// <summary>Id of <c>&lt;|endoftext|&gt;</c>.</summary>
    public int EotId { get; }

    /// <summary>True for "cl100k_base" and "o200k_base".</summary>
    public static bool IsPrebuilt(string nameOrPath) => PrebuiltNames.Contains(nameOrPath, StringComparer.Ordinal);

    /// <summary>Loads a prebuilt encoding by name, or a tiktoken rank file by path.</summary>
    public static TokenizerFile Load(string nameOrPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(nameOrPath);
        if (IsPrebuilt(nameOrPath))
        {
            var tk = TiktokenTokenizer.CreateForEncoding(nameOrPath);
            int eot = tk.SpecialTokens is { } sp && sp.TryGetValue(EndOfText, out var id) ? id
                : throw new InvalidOperationException($"prebuilt encoding {nameOrPath} has no {EndOfText}");
            return new TokenizerFile(tk, nameOrPath, null, null, eot, 0);
        }
        var path = System.IO.Path.GetFullPath(nameOrPath);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{path}: tokenizer not found; give a tiktoken rank file (from tokens.train_bpe or `pipeline tokenizer train`) or one of {string.Join(", ", PrebuiltNames)}", path);
        byte[] bytes = File.ReadAllBytes(path);
        string sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        int rankCount = 0;
        foreach (var b in bytes) if (b == (byte)'\n') rankCount++;
        if (bytes.Length > 0 && bytes[^1] != (byte)'\n') rankCount++;
        var specials = ReadSidecar(path) ?? new Dictionary<string, int>(StringComparer.Ordinal) { [EndOfText] = rankCount };
        if (!specials.TryGetValue(EndOfText, out int eotId))
            throw new InvalidDataException($"{SidecarPath(path)}: special_tokens lacks {EndOfText}");
        TiktokenTokenizer tokenizer;
        try
        {
            using var ms = new MemoryStream(bytes);
            var pre = new RegexPreTokenizer(BpePattern.Regex(), null);
            tokenizer = TiktokenTokenizer.Create(ms, pre, null, specials);
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a tiktoken rank file (each line: base64 token bytes, a space, the rank): {e.Message}", e);
        }
        return new TokenizerFile(tokenizer, System.IO.Path.GetFileName(path), path, sha, eotId, rankCount);
    }

    /// <summary>Path of the sidecar holding special tokens and the pattern name.</summary>
    public static string SidecarPath(string rankFile) => rankFile + ".json";

    private static Dictionary<string, int>? ReadSidecar(string path)
    {
        var side = SidecarPath(path);
        if (!File.Exists(side)) return null;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(side));
            var sp = node?["special_tokens"]?.AsObject() ?? throw new InvalidDataException($"{side}: missing \"special_tokens\"");
            return sp.ToDictionary(kv => kv.Key, kv => kv.Value!.GetValue<int>(), StringComparer.Ordinal);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            throw new InvalidDataException($"{side}: bad tokenizer sidecar ({e.Message})", e);
        }
    }

    /// <summary>
    /// Writes a rank file (token i = <paramref name="tokens"/>[i]) and its sidecar with <c>&lt;|endoftext|&gt;</c>
    /// = tokens.Count. Returns the rank file's SHA-256.
    /// </summary>
    public static string Save(string path, IReadOnlyList<byte[]> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var sb = new StringBuilder(tokens.Count * 12);
        for (int i = 0; i < tokens.Count; i++) sb.Append(Convert.ToBase64String(tokens[i])).Append(' ').Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append('\n');
        var data = Encoding.ASCII.GetBytes(sb.ToString());
        using (var f = new Core.Util.AtomicFile(path))
        {
            f.Stream.Write(data);
            f.Commit();
        }
        var side = new JsonObject
        {
            ["format"] = "tiktoken",
            ["pattern"] = "cl100k",
            ["vocab_size"] = tokens.Count + 1,
            ["special_tokens"] = new JsonObject { [EndOfText] = tokens.Count },
        };
        using (var f = new Core.Util.AtomicFile(SidecarPath(path)))
        {
            f.Stream.Write(Encoding.UTF8.GetBytes(side.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
            f.Commit();
        }
        return Convert.ToHexStringLower(SHA256.HashData(data));
    }

    /// <summary>Encodes text as ordinary text: a special-token literal inside it is encoded as plain characters, never as the special id.</summary>
    public int[] Encode(string text)
    {
        var list = new List<int>(text.Length / 3 + 4);
        Encode(text, list);
        return list.ToArray();
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="output"/> (see <see cref="Encode(string)"/>).</summary>
    public void Encode(string text, List<int> output)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(output);
        if (text.Length == 0) return;
        if (!ContainsSpecial(text))
        {
            output.AddRange(Tokenizer.EncodeToIds(text));
            return;
        }
        int pos = 0;
        while (pos < text.Length)
        {
            int best = -1;
            string? lit = null;
            foreach (var s in _specialLiterals)
            {
                int at = text.IndexOf(s, pos, StringComparison.Ordinal);
                if (at >= 0 && (best < 0 || at < best)) { best = at; lit = s; }
            }
            if (best < 0 || lit is null) { output.AddRange(Tokenizer.EncodeToIds(text.AsSpan(pos), true, true)); break; }
            if (best > pos) output.AddRange(Tokenizer.EncodeToIds(text.AsSpan(pos, best - pos), true, true));
            // The literal as plain text: its first character alone, then the rest (which no longer matches a special).
            output.AddRange(Tokenizer.EncodeToIds(lit.AsSpan(0, 1), true, true));
            output.AddRange(Tokenizer.EncodeToIds(lit.AsSpan(1), true, true));
            pos = best + lit.Length;
        }
    }

    private bool ContainsSpecial(string text)
    {
        foreach (var s in _specialLiterals) if (text.Contains(s, StringComparison.Ordinal)) return true;
        return false;
    }

    /// <summary>Decodes ids to text (bytes of a cut UTF-8 sequence become U+FFFD).</summary>
    public string Decode(ReadOnlySpan<int> ids) => Tokenizer.Decode(ids.ToArray()) ?? "";

    /// <summary>Decodes ids to text.</summary>
    public string Decode(IEnumerable<int> ids) => Tokenizer.Decode(ids) ?? "";

    /// <summary>The facts recorded in a shard-set manifest.</summary>
    public TokenizerInfo Info => new() { Name = Name, Path = Path, Sha256 = Sha256, VocabSize = VocabSize, EotId = EotId };
}
