using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Ingest.Warc;
using Xunit;

namespace Pipeline.Ingest.Tests;

/// <summary>
/// A seeded mutation fuzzer for ingest.warc. A WARC (plain, or gzip with one record per member) is cut into records by
/// byte range; each mutation (truncation, byte flips, inserted garbage inside or between records/members,
/// Content-Length edits, header-only records) says which records it touched. Oracle: every untouched record has the
/// same fate as in the intact file (emitted with the same payload digest, or skipped with the same reason), reading in
/// = out + dropped + errors, and a record that was emitted before and is gone now is never gone without an error.
/// </summary>
internal static class WarcFuzzer
{
    public sealed record Span(string Id, long Start, long End);

    public sealed record Result(int Mutations, int RecordsChecked, List<string> Failures);

    private const string JunkText = " abcdefghij\r\nWARC:0123";

    private static readonly WarcOptions Options = new() { MaxErrorRate = 1.0, OnError = "skip", MimeTypes = [], KeepNon2xx = true };

    /// <summary>Record byte ranges, or null when the file is not fuzzable (records sharing a gzip member, errors when intact).</summary>
    public static List<Span>? Spans(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var list = new List<(string Id, long Offset)>();
        int errors = 0;
        using (var src = new WarcByteSource(path))
        {
            var reader = new WarcRecordReader(src, _ => true, 64L << 20, _ => errors++);
            while (reader.Next() is { } rec) list.Add((rec.Header("WARC-Record-ID") ?? "", rec.Offset));
            if (errors > 0 || list.Count < 2 || src.IsGzip && list.Any(r => r.Offset >= bytes.Length || bytes[r.Offset] != 0x1F)) return null;
        }
        if (list.Select(r => r.Id).Distinct().Count() != list.Count) return null;
        return list.Select((r, i) => new Span(r.Id, r.Offset, i + 1 < list.Count ? list[i + 1].Offset : bytes.Length)).ToList();
    }

    /// <summary>Each record's fate when <paramref name="path"/> is read by ingest.warc: "doc:" + payload digest, or "skip:" + reason.</summary>
    private static (Dictionary<string, string> Fates, long Out, long Dropped, long Errors, long In) Fates(string path)
    {
        var (docs, ctx, _) = WarcTestSupport.Read(path, new WarcOptions { Paths = [path], MaxErrorRate = 1.0, OnError = "skip", MimeTypes = [], KeepNon2xx = true });
        var fates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var d in docs) fates[d.Source.RecordId ?? ""] = "doc:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(d.Source.ContentType + "\n" + d.Text)));
        // independent reader pass: records surfaced and errors raised (the same reader settings as the step)
        long records = 0, readerErrors = 0;
        var types = new HashSet<string>(Options.RecordTypes, StringComparer.Ordinal);
        using (var src = new WarcByteSource(path))
        {
            var reader = new WarcRecordReader(src, types.Contains, Options.MaxRecordBytes, _ => readerErrors++);
            while (reader.Next() is { } rec)
            {
                records++;
                var id = rec.Header("WARC-Record-ID") ?? "";
                if (!types.Contains(rec.Type)) fates.TryAdd(id, "skip:" + rec.Type);
            }
        }
        return (fates, docs.Count, ctx.Stats.Dropped, ctx.Stats.Errors, records + readerErrors);
    }

    /// <summary>Runs <paramref name="count"/> mutations of <paramref name="path"/> from <paramref name="seed"/>; every failure names its seed.</summary>
    public static Result Run(string path, List<Span> spans, int seed, int count, string workDir)
    {
        var original = File.ReadAllBytes(path);
        bool gzip = original.Length > 1 && original[0] == 0x1F && original[1] == 0x8B;
        var (baseFates, _, baseDropped, _, _) = Fates(path);
        var failures = new List<string>();
        int checkedRecords = 0;
        var target = Path.Combine(workDir, "m" + (gzip ? ".warc.gz" : ".warc"));
        for (int k = 0; k < count; k++)
        {
            int s = seed + k;
            var rng = new Random(s);
            var (bytes, touched, what) = Mutate(original, spans, gzip, rng);
            File.WriteAllBytes(target, bytes);
            Dictionary<string, string> fates;
            long o, dr, er, inn;
            try
            {
                (fates, o, dr, er, inn) = Fates(target);
            }
            catch (Exception ex)
            {
                failures.Add($"seed {s} ({Path.GetFileName(path)}: {what}): threw {ex.GetType().Name}: {ex.Message}");
                continue;
            }
            foreach (var sp in spans)
            {
                if (touched.Contains(sp.Id) || !baseFates.TryGetValue(sp.Id, out var expected)) continue;
                checkedRecords++;
                fates.TryGetValue(sp.Id, out var actual);
                if (actual != expected)
                    failures.Add($"seed {s} ({Path.GetFileName(path)}: {what}): untouched record {sp.Id} at {sp.Start} {(actual is null ? "lost" : "changed")}");
            }
            if (inn != o + dr + er)
                failures.Add($"seed {s} ({Path.GetFileName(path)}: {what}): in {inn} != out {o} + dropped {dr} + errors {er}");
            // nothing silent: when a record emitted before is gone (and not renamed by a mutated id), something says so
            int lost = baseFates.Count(kv => kv.Value.StartsWith("doc:", StringComparison.Ordinal) && !fates.ContainsKey(kv.Key));
            int renamed = fates.Count(kv => kv.Value.StartsWith("doc:", StringComparison.Ordinal) && !baseFates.ContainsKey(kv.Key));
            if (lost > renamed && er == 0 && dr <= baseDropped)
                failures.Add($"seed {s} ({Path.GetFileName(path)}: {what}): {lost - renamed} record(s) lost without an error or a counted drop");
        }
        return new Result(count, checkedRecords, failures);
    }

    private static (byte[] Bytes, HashSet<string> Touched, string What) Mutate(byte[] data, List<Span> spans, bool gzip, Random rng)
    {
        var touched = new HashSet<string>(StringComparer.Ordinal);
        void TouchRange(long from, long to)
        {
            foreach (var sp in spans) if (sp.Start < to && from < sp.End) touched.Add(sp.Id);
        }
        int op = rng.Next(7);
        switch (op)
        {
            case 0:
            {
                int p = rng.Next(1, data.Length);
                TouchRange(p, data.Length);
                return (data[..p], touched, $"truncate at {p}");
            }
            case 1:
            {
                var b = (byte[])data.Clone();
                int n = rng.Next(1, 4);
                var at = new List<int>();
                for (int i = 0; i < n; i++)
                {
                    int p = rng.Next(b.Length);
                    b[p] ^= (byte)rng.Next(1, 256);
                    at.Add(p);
                    TouchRange(p, p + 1);
                }
                return (b, touched, $"flip bytes at {string.Join(",", at)}");
            }
            case 2:
            case 3:
            {
                // garbage inside a record/member (2) or between two (3)
                int p = op == 3 ? (int)spans[rng.Next(1, spans.Count)].Start : rng.Next(1, data.Length);
                var junk = new byte[rng.Next(1, 200)];
                if (rng.Next(2) == 0) rng.NextBytes(junk);
                else for (int i = 0; i < junk.Length; i++) junk[i] = (byte)JunkText[rng.Next(JunkText.Length)];
                foreach (var sp in spans) if (sp.Start < p && p < sp.End) touched.Add(sp.Id);
                return ([.. data[..p], .. junk, .. data[p..]], touched, $"insert {junk.Length} bytes at {p}");
            }
            case 4:
            case 5:
            {
                var sp = spans[rng.Next(spans.Count)];
                var record = gzip ? Gunzip(data[(int)sp.Start..(int)sp.End]) : data[(int)sp.Start..(int)sp.End];
                var text = Encoding.Latin1.GetString(record);
                int cl = text.IndexOf("\nContent-Length:", StringComparison.OrdinalIgnoreCase);
                int headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
                if (cl < 0 || headEnd < 0 || cl > headEnd) return (data, touched, "no-op");
                string what;
                if (op == 5)
                {
                    text = text[..(headEnd + 4)];
                    what = $"header-only record at {sp.Start}";
                }
                else
                {
                    int lineEnd = text.IndexOf('\r', cl + 1);
                    long old = long.Parse(text[(cl + 16)..lineEnd].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                    string value = rng.Next(4) switch
                    {
                        0 => (old + rng.Next(1, 200)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        1 => Math.Max(0, old - rng.Next(1, 200)).ToString(System.Globalization.CultureInfo.InvariantCulture),
                        2 => "12x4",
                        _ => "99999999999999",
                    };
                    text = text[..(cl + 16)] + " " + value + text[lineEnd..];
                    what = $"Content-Length {old} -> {value} at {sp.Start}";
                }
                touched.Add(sp.Id);
                var replaced = Encoding.Latin1.GetBytes(text);
                if (gzip) replaced = Gzip(replaced);
                return ([.. data[..(int)sp.Start], .. replaced, .. data[(int)sp.End..]], touched, what);
            }
            default:
            {
                // a whole record missing its end: cut inside one record, the next follows directly
                var sp = spans[rng.Next(spans.Count - 1)];
                int p = (int)sp.Start + rng.Next(1, (int)(sp.End - sp.Start));
                touched.Add(sp.Id);
                return ([.. data[..p], .. data[(int)sp.End..]], touched, $"record at {sp.Start} cut at {p}");
            }
        }
    }

    private static byte[] Gunzip(byte[] member)
    {
        using var gz = new GZipStream(new MemoryStream(member), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        gz.CopyTo(ms);
        return ms.ToArray();
    }

    private static byte[] Gzip(byte[] data) => WarcTestSupport.Gzip(data);

    /// <summary>A generated WARC of <paramref name="records"/> mixed records (deterministic from the seed).</summary>
    public static byte[] Generate(int records, bool gzip, int seed)
    {
        var rng = new Random(seed);
        using var ms = new MemoryStream();
        for (int i = 0; i < records; i++)
        {
            string words = string.Join(' ', Enumerable.Range(0, rng.Next(5, 120)).Select(_ => "w" + rng.Next(1000)));
            byte[] block;
            string type, contentType;
            switch (i == 0 ? -1 : rng.Next(5))
            {
                case -1:
                    type = "warcinfo"; contentType = "application/warc-fields"; block = Encoding.ASCII.GetBytes("software: fuzz\r\n");
                    break;
                case 0:
                    type = "request"; contentType = "application/http; msgtype=request"; block = Encoding.ASCII.GetBytes($"GET /{i} HTTP/1.1\r\nHost: e.org\r\n\r\n");
                    break;
                case 1:
                    type = "resource"; contentType = "text/plain"; block = Encoding.UTF8.GetBytes($"resource {i}: {words}");
                    break;
                case 2:
                {
                    type = "response"; contentType = "application/http; msgtype=response";
                    var body = Encoding.UTF8.GetBytes($"plain {i}: {words}");
                    var chunked = Encoding.ASCII.GetBytes($"{body.Length:x}\r\n").Concat(body).Concat("\r\n0\r\n\r\n"u8.ToArray()).ToArray();
                    block = WarcTestSupport.Http("Content-Type: text/plain\r\nTransfer-Encoding: chunked\r\n", chunked);
                    break;
                }
                default:
                    type = "response"; contentType = "application/http; msgtype=response";
                    block = WarcTestSupport.Http("Content-Type: text/html; charset=utf-8\r\n", Encoding.UTF8.GetBytes($"<html><body><p>page {i} Grüße {words}</p></body></html>"));
                    break;
            }
            var head = $"WARC/1.1\r\nWARC-Type: {type}\r\nWARC-Record-ID: <urn:uuid:00000000-0000-4000-8000-{seed:x4}{i:x8}>\r\nWARC-Date: 2024-05-01T12:00:00Z\r\n" +
                       $"WARC-Target-URI: http://e.org/{i}\r\nContent-Type: {contentType}\r\nContent-Length: {block.Length}\r\n\r\n";
            byte[] rec = [.. Encoding.ASCII.GetBytes(head), .. block, .. "\r\n\r\n"u8];
            ms.Write(gzip ? Gzip(rec) : rec);
        }
        return ms.ToArray();
    }

    /// <summary>Asserts no failures; the message lists the first failing seeds (rerun one with the printed seed and count 1).</summary>
    public static void AssertClean(Result r) =>
        Assert.True(r.Failures.Count == 0, $"{r.Failures.Count} of {r.Mutations} mutations broke the oracle:\n" + string.Join("\n", r.Failures.Take(15)));
}
