using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Pipeline.Core.Util;

namespace Pipeline.Provenance;

/// <summary>
/// Everything under the runs' output folders, besides the document files and shard sets a takedown rewrites itself:
/// crawl files (WARC records of the documents), probe and other JSONL files, JSON reports, Markdown/HTML/CSV/text
/// files, Parquet files (dedup clusters, caches). Each is scanned with <see cref="TakedownText"/>; a file holding the
/// documents is listed and rewritten without them (records, lines or rows dropped; JSON values and HTML text replaced
/// by "[taken down]"). Checkpoints and tokenizers are listed with the action needed (retrain); the ledger itself keeps
/// the takedown record. Files outside the output folders that the ledger records are listed for a person to handle.
/// </summary>
internal static partial class TakedownSweep
{
    /// <summary>What replaces a removed value or line.</summary>
    public const string Marker = "[taken down]";

    /// <summary>Scans (read-only) and returns the files holding the documents.</summary>
    /// <param name="outputDirs">The runs' output folders, and artifacts (files or folders) the ledger records outside them.</param>
    /// <param name="handled">Files rewritten by the takedown itself (document files, shard-set files).</param>
    /// <param name="flagged">Checkpoints and tokenizers: path → kind.</param>
    /// <param name="outside">Files the ledger records outside the output folders that hold the documents (sources, artifacts): path → kind.</param>
    /// <param name="match">The documents' ids, URLs and text.</param>
    /// <param name="recordIds">WARC-Record-IDs of the documents.</param>
    /// <param name="urls">URLs of the documents.</param>
    public static List<SweptFile> Plan(IEnumerable<string> outputDirs, ISet<string> handled, IReadOnlyDictionary<string, string> flagged,
        IReadOnlyDictionary<string, string> outside, TakedownText match, ISet<string> recordIds, ISet<string> urls)
    {
        var result = new List<SweptFile>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var files = outputDirs.Select(Norm).Distinct(StringComparer.Ordinal)
            .SelectMany(root => Directory.Exists(root) ? Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Select(Norm).Order(StringComparer.Ordinal)
                : File.Exists(root) ? [root] : Enumerable.Empty<string>());
        foreach (var file in files)
            {
                if (!seen.Add(file) || handled.Contains(file) || IsLedger(file)) continue;
                if (FlagOf(file, flagged) is { } kind)
                {
                    result.Add(new SweptFile(file, kind, 0, kind == "tokenizer"
                        ? "retrain the tokenizer from the rewritten outputs (it was trained on text that included these documents), then delete this file"
                        : "retrain without these documents (a checkpoint cannot be edited), then delete this checkpoint"));
                    continue;
                }
                var k = KindOf(file);
                if (k is null) continue;
                long n = Count(file, k, match, recordIds, urls);
                if (n > 0) result.Add(new SweptFile(file, k, n, "rewrite"));
            }
        foreach (var (path, kind) in outside.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            if (seen.Add(Norm(path)))
                result.Add(new SweptFile(path, kind, 0, "outside output_dir: remove these documents from it by hand (the ledger records it; the takedown does not edit it)"));
        return result;
    }

    /// <summary>Rewrites <paramref name="file"/> without the documents; returns the units removed or replaced.</summary>
    public static long Apply(SweptFile file, TakedownText match, ISet<string> recordIds, ISet<string> urls)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Kind switch
        {
            "warc" => WarcRewriter.Rewrite(file.Path, h => WarcMatches(h, recordIds, urls)).Removed,
            "parquet" => RewriteParquet(file.Path, match),
            "json" => RewriteJson(file.Path, match),
            "jsonl" => RewriteLines(file.Path, line => JsonlMatches(line, match) ? null : line), // by id when the line has one
            "markup" => RewriteLines(file.Path, line => MarkupReplace(line, match)),
            _ => RewriteLines(file.Path, line => match.Matches(line) ? Marker : line),
        };
    }

    private static string Norm(string p) => Path.GetFullPath(p).Replace('\\', '/');

    private static bool IsLedger(string f) =>
        f.EndsWith(".duckdb", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".duckdb.wal", StringComparison.OrdinalIgnoreCase)
        || f.Contains(".duckdb.tmp", StringComparison.OrdinalIgnoreCase);

    private static string? FlagOf(string file, IReadOnlyDictionary<string, string> flagged)
    {
        foreach (var (path, kind) in flagged)
        {
            var p = Norm(path).TrimEnd('/');
            if (file == p || file.StartsWith(p + "/", StringComparison.Ordinal)) return kind;
        }
        return null;
    }

    /// <summary>The kind of a file by name, or by content when the name says nothing; null for binary files (no text).</summary>
    internal static string? KindOf(string file)
    {
        var name = Path.GetFileName(file).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal)) name = name[..^3];
        if (name.EndsWith(".warc", StringComparison.Ordinal) || name.EndsWith(".arc", StringComparison.Ordinal)) return "warc";
        if (name.EndsWith(".parquet", StringComparison.Ordinal)) return "parquet";
        if (name.EndsWith(".jsonl", StringComparison.Ordinal) || name.EndsWith(".ndjson", StringComparison.Ordinal)) return "jsonl";
        if (name.EndsWith(".json", StringComparison.Ordinal)) return "json";
        if (name.EndsWith(".html", StringComparison.Ordinal) || name.EndsWith(".htm", StringComparison.Ordinal)
            || name.EndsWith(".xml", StringComparison.Ordinal) || name.EndsWith(".svg", StringComparison.Ordinal)) return "markup";
        return LooksLikeText(file) ? "text" : null;
    }

    private static bool LooksLikeText(string file)
    {
        var buf = new byte[8192];
        int n;
        using (var s = OpenText(file)) n = s.ReadAtLeast(buf, buf.Length, throwOnEndOfStream: false);
        if (n == 0) return false;
        if (Array.IndexOf(buf, (byte)0, 0, n) >= 0) return false;
        try
        {
            new UTF8Encoding(false, true).GetCharCount(buf, 0, Math.Max(0, n - 4));
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static bool IsGzip(string file)
    {
        Span<byte> magic = stackalloc byte[2];
        using var f = File.OpenRead(file);
        return f.Read(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
    }

    private static Stream OpenText(string file)
    {
        var f = File.OpenRead(file);
        return IsGzip(file) ? new GZipStream(f, CompressionMode.Decompress) : f;
    }

    private static long Count(string file, string kind, TakedownText match, ISet<string> recordIds, ISet<string> urls)
    {
        try
        {
            switch (kind)
            {
                case "warc":
                    return WarcRewriter.Records(file).LongCount(r => WarcMatches(r.Headers, recordIds, urls));
                case "parquet":
                    return ParquetRows(file, match).Count;
                case "json":
                    {
                        var node = JsonNode.Parse(File.ReadAllText(file));
                        long n = 0;
                        Walk(node, match, replace: false, ref n);
                        return n;
                    }
                default:
                    {
                        long n = 0;
                        using var r = new StreamReader(OpenText(file), Encoding.UTF8);
                        string? line;
                        while ((line = r.ReadLine()) is not null)
                        {
                            bool hit = kind switch
                            {
                                "jsonl" => JsonlMatches(line, match),
                                "markup" => !ReferenceEquals(MarkupReplace(line, match), line),
                                _ => match.Matches(line),
                            };
                            if (hit) n++;
                        }
                        return n;
                    }
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or DuckDBException)
        {
            // not what its name says: scan it as lines of text
            if (kind == "text") return 0;
            return Count(file, "text", match, recordIds, urls);
        }
    }

    private static bool WarcMatches(Dictionary<string, string> h, ISet<string> recordIds, ISet<string> urls)
    {
        foreach (var key in new[] { "warc-record-id", "warc-concurrent-to", "warc-refers-to" })
            if (h.TryGetValue(key, out var v) && recordIds.Contains(v)) return true;
        return h.TryGetValue("warc-target-uri", out var uri) && urls.Contains(uri.Trim().Trim('<', '>').Trim().Replace(" ", "%20", StringComparison.Ordinal));
    }

    private static bool JsonlMatches(string line, TakedownText match)
    {
        if (string.IsNullOrWhiteSpace(line)) return false;
        try
        {
            var node = JsonNode.Parse(line);
            // a record with its own id (a document, a cluster member, an index entry) goes by that id alone, so other
            // documents sharing a phrase with a removed one stay
            if (node is JsonObject o)
                foreach (var key in new[] { "id", "doc_id" })
                    if (o[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String)
                        return match.IsId(v.GetValue<string>());
            long n = 0;
            Walk(node, match, replace: false, ref n);
            return n > 0;
        }
        catch (JsonException)
        {
            return match.Matches(line);
        }
    }

    /// <summary>Counts (and, with <paramref name="replace"/>, replaces) the string values that hold the documents.</summary>
    private static JsonNode? Walk(JsonNode? node, TakedownText match, bool replace, ref long n)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var key in o.Select(kv => kv.Key).ToList())
                {
                    var child = o[key];
                    var r = Walk(child, match, replace, ref n);
                    if (replace && !ReferenceEquals(r, child)) o[key] = r;
                }
                return o;
            case JsonArray a:
                for (int i = 0; i < a.Count; i++)
                {
                    var child = a[i];
                    var r = Walk(child, match, replace, ref n);
                    if (replace && !ReferenceEquals(r, child)) a[i] = r;
                }
                return a;
            case JsonValue v when v.GetValueKind() == JsonValueKind.String:
                if (!match.Matches(v.GetValue<string>())) return v;
                n++;
                return replace ? JsonValue.Create(Marker) : v;
            default:
                return node;
        }
    }

    private static string MarkupReplace(string line, TakedownText match)
    {
        if (line.Length == 0) return line;
        bool changed = false;
        var parts = TagSplit().Split(line);
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i];
            if (p.Length == 0 || p[0] == '<') continue;
            if (match.Matches(WebUtility.HtmlDecode(p)))
            {
                parts[i] = Marker;
                changed = true;
            }
        }
        return changed ? string.Concat(parts) : line;
    }

    [GeneratedRegex("(<[^>]*>)", RegexOptions.CultureInvariant)]
    private static partial Regex TagSplit();

    private static long RewriteLines(string file, Func<string, string?> map)
    {
        bool gz = IsGzip(file);
        long changed = 0;
        using var output = new AtomicFile(file);
        using (var reader = new StreamReader(OpenText(file), Encoding.UTF8))
        using (var gzOut = gz ? new GZipStream(output.Stream, CompressionLevel.Optimal, leaveOpen: true) : null)
        using (var writer = new StreamWriter((Stream?)gzOut ?? output.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var mapped = map(line);
                if (!ReferenceEquals(mapped, line)) changed++;
                if (mapped is not null) writer.WriteLine(mapped);
            }
        }
        output.Commit();
        return changed;
    }

    private static long RewriteJson(string file, TakedownText match)
    {
        var node = JsonNode.Parse(File.ReadAllText(file));
        long n = 0;
        node = Walk(node, match, replace: true, ref n);
        using var output = new AtomicFile(file);
        using (var w = new Utf8JsonWriter(output.Stream, new JsonWriterOptions { Indented = true }))
            node?.WriteTo(w);
        output.Commit();
        return n;
    }

    private static List<long> ParquetRows(string file, TakedownText match)
    {
        var rows = new List<long>();
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT file_row_number, CAST(r AS VARCHAR) FROM read_parquet({Quote(file)}, file_row_number = true) AS r";
        using var rd = cmd.ExecuteReader();
        while (rd.Read())
            if (!rd.IsDBNull(1) && match.Matches(rd.GetString(1))) rows.Add(rd.GetInt64(0));
        return rows;
    }

    private static long RewriteParquet(string file, TakedownText match)
    {
        var rows = ParquetRows(file, match);
        if (rows.Count == 0) return 0;
        var tmp = $"{file}.tmp-{Environment.ProcessId}";
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        try
        {
            LedgerDatabase.Exec(c, "CREATE TEMP TABLE gone (n BIGINT)");
            using (var ap = c.CreateAppender("gone"))
                foreach (var r in rows) ap.CreateRow().AppendValue(r).EndRow();
            LedgerDatabase.Exec(c, $"COPY (SELECT * EXCLUDE (file_row_number) FROM read_parquet({Quote(file)}, file_row_number = true) WHERE file_row_number NOT IN (SELECT n FROM gone) ORDER BY file_row_number) TO {Quote(tmp)} (FORMAT parquet, COMPRESSION zstd)");
            File.Move(tmp, file, overwrite: true);
            return rows.Count;
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";
}
