using System.Text;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Testing;

namespace Pipeline.Tokens.Tests;

/// <summary>Shared inputs: synthetic multilingual text and a small tokenizer trained once per test run.</summary>
internal static class TestData
{
    private static readonly Lazy<string> TokenizerPathLazy = new(() =>
    {
        var dir = Path.Combine(Path.GetTempPath(), "pipeline-tests", "tokens-shared-" + Environment.ProcessId);
        Directory.CreateDirectory(dir);
        var texts = new List<string> { Mixed(0), Mixed(1), Mixed(2) };
        if (SharedData.Exists("corpora/tinyshakespeare.txt")) texts.Add(File.ReadAllText(SharedData.PathOf("corpora/tinyshakespeare.txt"))[..300_000]);
        var result = BpeTrainer.Train(texts, 1024);
        var path = Path.Combine(dir, "small.tiktoken");
        TokenizerFile.Save(path, result.Tokens);
        return path;
    });

    private static readonly Lazy<TokenizerFile> SmallLazy = new(() => TokenizerFile.Load(TokenizerPathLazy.Value));

    /// <summary>A 1,024-id tokenizer trained on synthetic text (+ some Shakespeare when present).</summary>
    public static TokenizerFile Small => SmallLazy.Value;

    public static string SmallPath => TokenizerPathLazy.Value;

    /// <summary>Mixed scripts, emoji (with ZWJ and skin tones), combining marks, CRLF, tabs, digits, a special-token literal.</summary>
    public static string Mixed(int seed)
    {
        string[] parts =
        [
            "The quick brown fox jumps over the lazy dog. ", "Ünïcödé façade — naïve café; ", "Привет, мир! Как дела? ",
            "日本語のテキストと漢字。", "中文文本，标点符号。", "한국어 문장입니다. ", "مرحبا بالعالم ", "שלום עולם ", "नमस्ते दुनिया ",
            "Γειά σου Κόσμε ", "😀👍🏽👨‍👩‍👧‍👦🇫🇷 emoji ", "e\u0301 combining ", "tabs\tand\r\nCRLF\n\n  spaces   ", "1234567890 3.14159 ",
            "it's we're they'll I'd ", "<|endoftext|> literal ", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 math ", "\u200b zero width ", "x=y+z; f(a,b){return a*b;} ",
        ];
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (int i = 0; i < 400; i++) sb.Append(parts[rng.Next(parts.Length)]);
        return sb.ToString();
    }

    /// <summary>Texts of every document of ../shared/data/corpora: each .txt file whole, each sotu.jsonl record.</summary>
    public static IEnumerable<(string Name, string Text)> CorpusDocuments()
    {
        foreach (var name in new[] { "tinyshakespeare.txt", "moby-dick.txt" })
        {
            yield return (name, File.ReadAllText(SharedData.PathOf("corpora/" + name)));
        }
        int line = 0;
        foreach (var l in File.ReadLines(SharedData.PathOf("corpora/sotu.jsonl")))
        {
            line++;
            if (l.Length == 0) continue;
            using var doc = JsonDocument.Parse(l);
            yield return ($"sotu.jsonl:{line}", doc.RootElement.GetProperty("text").GetString()!);
        }
    }

    /// <summary>Synthetic documents with domains a, b, c (sizes 60/30/10 %) and varied lengths.</summary>
    public static List<Document> Documents(int count, int seed = 7)
    {
        var rng = new Random(seed);
        var words = "alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau upsilon phi chi psi omega café 😀 日本".Split(' ');
        var docs = new List<Document>(count);
        for (int i = 0; i < count; i++)
        {
            int n = 5 + rng.Next(200);
            var sb = new StringBuilder();
            for (int k = 0; k < n; k++) sb.Append(words[rng.Next(words.Length)]).Append(k % 17 == 16 ? ".\n" : " ");
            double r = rng.NextDouble();
            string domain = r < 0.6 ? "a.example" : r < 0.9 ? "b.example" : "c.example";
            docs.Add(new Document(DocumentId.For("synthetic.jsonl", i), sb.ToString(), new SourceRef("synthetic.jsonl", i)).WithMeta("domain", domain));
        }
        return docs;
    }
}
