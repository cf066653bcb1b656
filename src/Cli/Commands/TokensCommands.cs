using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Util;
using Pipeline.Tokens;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Tokens.</summary>
internal static class TokensCommands
{
    public static IEnumerable<Command> All() =>
    [
        new CliCommand("tokenizer", "Train a BPE tokenizer and encode text with it") { Train(), Encode() },
        new CliCommand("tokens", "Inspect token shard sets") { Inspect() },
    ];

    private static CliCommand Train()
    {
        var input = new Option<string[]>("--input") { Description = "Input files or globs (.txt read as text, .jsonl by their text field); repeatable", HelpName = "FILE_OR_GLOB", Arity = ArgumentArity.OneOrMore };
        var more = CliOptions.Rest("FILE_OR_GLOB", "More input files");
        var vocab = CliOptions.Value("--vocab-size", "N", "Vocabulary size (at least 258: 256 bytes + 1 merge + <|endoftext|>)", 0);
        var output = new Option<string>("--output") { Description = "The rank file to write (and FILE.json with the special tokens)", HelpName = "FILE", Required = true };
        var sampleChars = CliOptions.Value("--sample-chars", "N", "Characters in the training reservoir (memory stays bounded)", (double)(64L << 20));
        var seed = CliOptions.Value("--seed", "S", "Sampling seed", 1234);
        var textKey = CliOptions.Value("--text-key", "NAME", "The text field of .jsonl files", "text");
        return new CliCommand("train", "Train a byte-level BPE tokenizer on .txt/.jsonl files (tiktoken rank file)")
        {
            input, more, vocab, output, sampleChars, seed, textKey,
        }.Handle((r, ctx) => TrainAsync([.. r.GetValue(input) ?? [], .. r.GetValue(more) ?? []], r.GetValue(vocab), r.GetValue(output)!,
            (long)r.GetValue(sampleChars), r.GetValue(seed), r.GetValue(textKey)!, ctx));
    }

    private static CliCommand Encode()
    {
        var tokenizer = new Option<string>("--tokenizer") { Description = "A tokenizer file or cl100k_base/o200k_base", HelpName = "FILE_OR_NAME", Required = true };
        var text = CliOptions.Value<string?>("--text", "TEXT", "The text to encode");
        var input = CliOptions.Value<string?>("--input", "FILE", "A file whose text to encode");
        return new CliCommand("encode", "Encode text with a tokenizer file or cl100k_base/o200k_base and print the ids") { tokenizer, text, input }
            .Handle((r, ctx) => Encode(r.GetValue(tokenizer)!, r.GetValue(text), r.GetValue(input), ctx));
    }

    private static CliCommand Inspect()
    {
        var folder = CliOptions.Positional("FOLDER", "A shard set (the output folder of tokens.shards)");
        var shard = CliOptions.Value<string?>("--shard", "FILE", "A shard file name, e.g. train_000000.bin (with --position)");
        var position = CliOptions.Value<string?>("--position", "N", "A token position in --shard: names the document there");
        return new CliCommand("inspect", "Summarise a shard set; with --shard and --position, name the document at that token") { folder, shard, position }
            .Handle((r, ctx) => Inspect(r.GetValue(folder)!, r.GetValue(shard), r.GetValue(position), ctx));
    }

    private static async Task<int> TrainAsync(List<string> patterns, int vocab, string output, long sampleChars, int seed, string textKey, CommandContext ctx)
    {
        if (patterns.Count == 0) throw new UsageException("give at least one --input file (.txt or .jsonl)");
        if (vocab < 258) throw new UsageException($"--vocab-size must be at least 258 (256 bytes + 1 merge + <|endoftext|>), got {vocab}");
        if (sampleChars < 4096) throw new UsageException($"--sample-chars must be at least 4096, got {sampleChars}");
        var files = Glob.ExpandAll(Directory.GetCurrentDirectory(), patterns);
        if (files.Count == 0) throw new UsageException($"no file matches {string.Join(", ", patterns)}");
        var sampler = new TextSampler(sampleChars, seed);
        foreach (var f in files)
        {
            ctx.CancellationToken.ThrowIfCancellationRequested();
            if (f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
            {
                int line = 0;
                foreach (var l in File.ReadLines(f))
                {
                    line++;
                    if (string.IsNullOrWhiteSpace(l)) continue;
                    try
                    {
                        using var doc = JsonDocument.Parse(l);
                        if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(textKey, out var t) && t.ValueKind == JsonValueKind.String)
                            sampler.Add(t.GetString()!);
                        else ctx.Error.WriteLine($"warning: {f}:{line}: no string field \"{textKey}\"; skipped");
                    }
                    catch (JsonException e)
                    {
                        throw new UsageException($"{f}:{line}: not valid JSON ({e.Message}); fix the line or pass only .txt files", e);
                    }
                }
            }
            else
            {
                using var reader = new StreamReader(f, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
                var buf = new char[1 << 20];
                int n;
                while ((n = await reader.ReadBlockAsync(buf, ctx.CancellationToken).ConfigureAwait(false)) > 0)
                    sampler.Add(new string(buf, 0, n));
            }
        }
        var sample = sampler.Sample();
        if (sample.Count == 0) throw new UsageException("the inputs hold no text");
        var result = await Task.Run(() => BpeTrainer.Train(sample, vocab, ctx.CancellationToken), ctx.CancellationToken).ConfigureAwait(false);
        var sha = TokenizerFile.Save(Path.GetFullPath(output), result.Tokens);
        var inv = CultureInfo.InvariantCulture;
        ctx.Out.WriteLine(string.Create(inv, $"{output}: vocabulary {result.VocabSize} ({result.Merges} merges, <|endoftext|> = {result.EotId}), trained on {sampler.SampleChars:N0} of {sampler.CharsSeen:N0} chars ({result.UniqueWords:N0} unique pre-tokens) in {result.Elapsed.TotalSeconds:F1}s; sha256 {sha}"));
        if (result.VocabSize < vocab) ctx.Error.WriteLine($"warning: the sample ran out of pairs; vocabulary is {result.VocabSize}, not {vocab}");
        return 0;
    }

    private static int Encode(string tokenizer, string? text, string? input, CommandContext ctx)
    {
        var tk = LoadTokenizer(tokenizer);
        if ((text is null) == (input is null)) throw new UsageException("give exactly one of --text or --input");
        text ??= File.ReadAllText(input!);
        var ids = tk.Encode(text);
        ctx.Out.WriteLine(string.Join(' ', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))));
        ctx.Error.WriteLine($"{ids.Length} tokens, {Encoding.UTF8.GetByteCount(text)} bytes; round trip {(tk.Decode(ids) == text ? "ok" : "DIFFERS")}");
        return 0;
    }

    private static TokenizerFile LoadTokenizer(string nameOrPath)
    {
        try
        {
            return TokenizerFile.Load(nameOrPath);
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message, e);
        }
    }

    private static int Inspect(string folder, string? shard, string? position, CommandContext ctx)
    {
        try
        {
            var m = ShardSetManifest.Load(folder);
            var inv = CultureInfo.InvariantCulture;
            if (shard is not null || position is not null)
            {
                if (shard is null || position is null || !long.TryParse(position, NumberStyles.Integer, inv, out long pos))
                    throw new UsageException("--shard and --position (an integer) go together");
                var row = TokenIndex.Load(folder).Find(shard, pos);
                if (row is null) { ctx.Error.WriteLine($"no document covers token {pos} of {shard}"); return 1; }
                ctx.Out.WriteLine(string.Create(inv, $"{row.DocId}\t{row.Shard}\t[{row.TokenStart}, {row.TokenStart + row.TokenCount})\t{row.Split}\t{row.Domain}"));
                return 0;
            }
            // every shard's header is checked (ShardReader accepts only llm.c's two headers and names the file otherwise)
            string header = "no shards";
            foreach (var s in m.Shards)
            {
                using var reader = ShardReader.Open(m.PathOf(s));
                header = string.Create(inv, $"uint{reader.BytesPerToken * 8} tokens, llm.c magic {ShardFormat.MagicFor(reader.Version)} version {reader.Version}");
            }
            ctx.Out.WriteLine(string.Create(inv, $"tokenizer {m.Tokenizer.Name} (vocabulary {m.Tokenizer.VocabSize}, eot {m.Tokenizer.EotId}); {header}"));
            ctx.Out.WriteLine(string.Create(inv, $"documents {m.Documents:N0}; train tokens {m.TrainTokens:N0}; validation tokens {m.ValTokens:N0}; shards {m.Shards.Count}"));
            ctx.Out.WriteLine($"{"domain",-32} {"docs",10} {"train tok",14} {"val tok",12} {"weight",7}");
            foreach (var (d, s) in m.Domains)
                ctx.Out.WriteLine(string.Create(inv, $"{d,-32} {s.Documents,10:N0} {s.TrainTokens,14:N0} {s.ValTokens,12:N0} {s.Weight,7:0.###}"));
            return 0;
        }
        catch (InvalidDataException e)
        {
            throw new UsageException(e.Message, e);
        }
    }
}
