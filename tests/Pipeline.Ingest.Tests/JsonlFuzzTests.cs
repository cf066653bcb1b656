using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Ingest.Io;
using Pipeline.Testing;
using Xunit;
using Xunit.Abstractions;
using static Pipeline.Ingest.Tests.JsonlTestSupport;

namespace Pipeline.Ingest.Tests;

/// <summary>
/// Issue 12: a seeded mutation fuzzer for ingest.jsonl (plain and .gz). Plain: every line whose bytes were not touched
/// is read with the same text, and non-blank lines in = out + errors. Gzip: whatever is damaged, either every document
/// comes back unchanged or the damage is an error naming the file (nothing silent), and nothing throws with on_error: skip.
/// </summary>
public sealed class JsonlFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 1212;

    private static byte[] Generate(int lines, int seed)
    {
        var rng = new Random(seed);
        var sb = new StringBuilder();
        for (int i = 0; i < lines; i++)
        {
            var words = string.Join(' ', Enumerable.Range(0, rng.Next(3, 40)).Select(_ => "w" + rng.Next(1000)));
            sb.Append("{\"id\":\"d").Append(i).Append("\",\"text\":\"line ").Append(i).Append(" Grüße ").Append(words).Append("\",\"metadata\":{\"n\":").Append(i).Append("}}\n");
        }
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private static async Task<(Dictionary<string, string> Docs, long Errors, int Out)> ReadAsync(string dir, string name)
    {
        var ctx = Context(dir);
        var docs = await ReadAllAsync(new JsonlSource(new JsonlSourceOptions { Paths = [name], OnError = "skip", MaxErrorRate = 1 }), ctx);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in docs) map[d.Id] = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(d.Text)));
        return (map, ctx.Stats.Errors, docs.Count);
    }

    private static (byte[] Bytes, int From, int To, bool Insert, string What) Mutate(byte[] data, Random rng)
    {
        switch (rng.Next(4))
        {
            case 0:
            {
                int p = rng.Next(1, data.Length);
                return (data[..p], p, data.Length, false, $"truncate at {p}");
            }
            case 1:
            {
                var b = (byte[])data.Clone();
                int p = rng.Next(b.Length);
                b[p] ^= (byte)rng.Next(1, 256);
                return (b, p, p + 1, false, $"flip byte {p}");
            }
            case 2:
            {
                int p = rng.Next(data.Length);
                byte[] junk = rng.Next(3) switch
                {
                    0 => [0xC3, 0x28, 0xFF],
                    1 => "\n{\"id\":"u8.ToArray(),
                    _ => Enumerable.Range(0, rng.Next(1, 64)).Select(_ => (byte)rng.Next(256)).ToArray(),
                };
                return ([.. data[..p], .. junk, .. data[p..]], p, p, true, $"insert {junk.Length} bytes at {p}");
            }
            default:
            {
                var b = (byte[])data.Clone();
                int p = rng.Next(b.Length - 3);
                b[p] = 0xED; b[p + 1] = 0xA0; b[p + 2] = 0x80; // an encoded surrogate: invalid UTF-8
                return (b, p, p + 3, false, $"invalid UTF-8 at {p}");
            }
        }
    }

    [Fact]
    public async Task Fuzz_PlainJsonl_UntouchedLinesSurviveAndCountsBalance()
    {
        using var dir = new TempDir();
        var data = Generate(120, Seed);
        File.WriteAllBytes(dir.File("orig.jsonl"), data);
        var (baseDocs, baseErrors, _) = await ReadAsync(dir.Path, "orig.jsonl");
        Assert.Equal(120, baseDocs.Count);
        Assert.Equal(0, baseErrors);
        var lines = new List<(int Start, int End)>();
        for (int s = 0, i = 0; i < data.Length; i++) if (data[i] == '\n') { lines.Add((s, i + 1)); s = i + 1; }
        var failures = new List<string>();
        int mutations = 150, checkedLines = 0;
        for (int k = 0; k < mutations; k++)
        {
            int seed = Seed * 1000 + k;
            var (bytes, from, to, insert, what) = Mutate(data, new Random(seed));
            File.WriteAllBytes(dir.File("m.jsonl"), bytes);
            var (docs, errors, outCount) = await ReadAsync(dir.Path, "m.jsonl");
            for (int i = 0; i < lines.Count; i++)
            {
                var (s, e) = lines[i];
                bool touched = insert ? s <= from && from < e : s < to && from < e;
                if (!insert && !touched && i > 0 && from < lines[i - 1].End && to >= lines[i - 1].End) touched = true; // the newline before it changed
                if (!insert && i > 0 && lines[i - 1].End - 1 >= from && lines[i - 1].End - 1 < to) touched = true;
                if (touched) continue;
                checkedLines++;
                var id = "d" + i;
                if (!docs.TryGetValue(id, out var digest) || digest != baseDocs[id])
                    failures.Add($"seed {seed} ({what}): untouched line {i + 1} {(docs.ContainsKey(id) ? "changed" : "lost")}");
            }
            long nonBlank = Encoding.UTF8.GetString(bytes).Split('\n').Count(l => l.Trim(' ', '\t', '\r').Length > 0);
            if (nonBlank != outCount + errors)
                failures.Add($"seed {seed} ({what}): {nonBlank} lines in != {outCount} out + {errors} errors");
        }
        output.WriteLine($"jsonl: {mutations} mutations, {checkedLines} untouched lines checked, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(15)));
    }

    [Fact]
    public async Task Fuzz_GzipJsonl_DamageIsNeverSilent()
    {
        using var dir = new TempDir();
        byte[] gz;
        using (var ms = new MemoryStream())
        {
            using (var z = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true)) z.Write(Generate(400, Seed));
            gz = ms.ToArray();
        }
        File.WriteAllBytes(dir.File("orig.jsonl.gz"), gz);
        var (baseDocs, _, _) = await ReadAsync(dir.Path, "orig.jsonl.gz");
        Assert.Equal(400, baseDocs.Count);
        var failures = new List<string>();
        int mutations = 150, silentOk = 0;
        for (int k = 0; k < mutations; k++)
        {
            int seed = Seed * 2000 + k;
            var (bytes, _, _, _, what) = Mutate(gz, new Random(seed));
            File.WriteAllBytes(dir.File("m.jsonl.gz"), bytes);
            Dictionary<string, string> docs;
            long errors;
            try
            {
                (docs, errors, _) = await ReadAsync(dir.Path, "m.jsonl.gz");
            }
            catch (Exception ex)
            {
                failures.Add($"seed {seed} ({what}): threw {ex.GetType().Name}: {ex.Message}");
                continue;
            }
            bool same = docs.Count == baseDocs.Count && docs.All(kv => baseDocs.TryGetValue(kv.Key, out var d) && d == kv.Value);
            if (same && errors == 0) silentOk++;
            else if (errors == 0) failures.Add($"seed {seed} ({what}): {docs.Count} documents, some changed or lost, and no error");
        }
        output.WriteLine($"jsonl.gz: {mutations} mutations, {mutations - silentOk} detected, {silentOk} harmless, {failures.Count} failures");
        Assert.True(failures.Count == 0, string.Join("\n", failures.Take(15)));
    }
}
