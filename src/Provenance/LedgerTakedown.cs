using System.IO.Compression;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Pipeline.Core.Util;

namespace Pipeline.Provenance;

/// <summary>
/// Finds every artifact holding documents chosen by URL, domain or id (document files, token shards and ranges,
/// checkpoints trained on them) and, when applied, rewrites the document files without them and records the
/// takedown in the ledger.
/// </summary>
public sealed class LedgerTakedown
{
    private LedgerTakedown(string ledgerPath, IReadOnlyList<TakedownSelector> selectors, ResultTable documents,
        ResultTable files, ResultTable shards, ResultTable checkpoints)
    {
        LedgerPath = ledgerPath;
        Selectors = selectors;
        Documents = documents;
        Files = files;
        Shards = shards;
        Checkpoints = checkpoints;
    }

    /// <summary>The ledger file.</summary>
    public string LedgerPath { get; }

    /// <summary>What was asked for.</summary>
    public IReadOnlyList<TakedownSelector> Selectors { get; }

    /// <summary>Matching documents: run_id, doc_id, url, domain, licence, status.</summary>
    public ResultTable Documents { get; }

    /// <summary>Document files holding them: path, format, step_id, documents.</summary>
    public ResultTable Files { get; }

    /// <summary>Token shards holding them: shard_file, doc_id, token_start, token_count, split.</summary>
    public ResultTable Shards { get; }

    /// <summary>Checkpoints trained on them: checkpoint, checkpoint_step, documents, evidence.</summary>
    public ResultTable Checkpoints { get; }

    /// <summary>The selectors as one string, as recorded in <c>takedowns.selector</c>.</summary>
    public string SelectorText => string.Join(" ", Selectors.Select(s => s.ToString()));

    /// <summary>Finds what <paramref name="selectors"/> match (read-only).</summary>
    public static LedgerTakedown Find(string ledgerPath, IReadOnlyList<TakedownSelector> selectors)
    {
        ArgumentNullException.ThrowIfNull(selectors);
        if (selectors.Count == 0) throw new LedgerException("give at least one of --url, --domain or --doc");
        using var c = LedgerDatabase.OpenReadOnly(ledgerPath);
        var where = new StringBuilder();
        var args = new List<object?>();
        foreach (var s in selectors)
        {
            if (where.Length > 0) where.Append(" OR ");
            args.Add(s.Value);
            var p = $"${args.Count}";
            where.Append(s.Kind switch
            {
                TakedownSelectorKind.Url => $"url = {p}",
                TakedownSelectorKind.Domain => $"(lower(domain) = lower({p}) OR lower(host) = lower({p}) OR ends_with(lower(host), '.' || lower({p})))",
                _ => $"doc_id = {p}",
            });
        }
        using (var tx = c.BeginTransaction())
        {
            Exec(c, $"CREATE TEMP TABLE td AS SELECT run_id, doc_id, url, domain, licence, status FROM document_status WHERE {where} ORDER BY doc_id", args);
            var docs = Query(c, "SELECT * FROM td ORDER BY doc_id, run_id");
            var files = Query(c, """
                SELECT f.path, f.format, f.step_id, count(DISTINCT f.doc_id) AS documents
                FROM document_files f JOIN td USING (run_id, doc_id)
                WHERE f.path IS NOT NULL GROUP BY ALL ORDER BY f.path
                """);
            var shards = Query(c, """
                SELECT s.shard_file, s.doc_id, s.token_start, s.token_count, s.split FROM shards s
                WHERE s.doc_id IN (SELECT doc_id FROM td) AND s.run_id IN (SELECT run_id FROM current_runs)
                ORDER BY s.shard_file, s.token_start
                """);
            var ckpts = Query(c, """
                SELECT checkpoint, checkpoint_step, count(DISTINCT doc_id) AS documents, min(evidence) AS evidence
                FROM document_checkpoints WHERE doc_id IN (SELECT doc_id FROM td) GROUP BY ALL ORDER BY checkpoint
                """);
            tx.Rollback();
            return new LedgerTakedown(Path.GetFullPath(ledgerPath), selectors, docs, files, shards, ckpts);
        }
    }

    /// <summary>
    /// Rewrites each document file (JSONL, JSONL.gz, Parquet) without the matching documents (atomically: temp
    /// file + rename), rewrites each shard set through <paramref name="shardSetRewriter"/> when given, and records the
    /// takedown (<c>takedowns</c> row per run, <c>taken_down</c> event per document).
    /// </summary>
    /// <param name="idField">Name of the document id field in the files.</param>
    /// <param name="shardSetRewriter">Removes documents from the shard set in a folder and describes what it did
    /// (the tokens component's rewrite); null leaves the shards listed but untouched.</param>
    public TakedownResult Apply(string idField = "id", Func<string, IReadOnlyCollection<string>, string>? shardSetRewriter = null)
    {
        var ids = new HashSet<string>(Documents.Rows.Select(r => (string)r[1]!), StringComparer.Ordinal);
        var rewritten = new List<RewrittenFile>();
        foreach (var f in Files.Rows)
        {
            var path = (string)f[0]!;
            var format = (f[1] as string) ?? LedgerAppender.FormatOf(path) ?? "";
            if (!File.Exists(path))
            {
                rewritten.Add(new RewrittenFile(path, 0, 0, "missing"));
                continue;
            }
            var (kept, removed) = format switch
            {
                "parquet" => RewriteParquet(path, ids, idField),
                "jsonl" or "json" or "ndjson" => RewriteJsonl(path, ids, idField),
                _ => throw new LedgerException($"cannot rewrite {path}: format '{format}' is not jsonl or parquet"),
            };
            rewritten.Add(new RewrittenFile(path, kept, removed, "rewritten"));
        }
        var shardSets = new List<RewrittenShardSet>();
        var shardIds = new HashSet<string>(Shards.Rows.Select(r => (string)r[1]!), StringComparer.Ordinal);
        foreach (var folder in Shards.Rows.Select(r => Path.GetDirectoryName((string)r[0]!) ?? "").Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            if (shardSetRewriter is null) shardSets.Add(new RewrittenShardSet(folder, "not rewritten: no shard rewriter available"));
            else if (!Directory.Exists(folder)) shardSets.Add(new RewrittenShardSet(folder, "missing"));
            else
            {
                try
                {
                    shardSets.Add(new RewrittenShardSet(folder, "rewritten: " + shardSetRewriter(folder, shardIds)));
                }
                catch (Exception ex) when (ex is IOException or InvalidOperationException or InvalidDataException or UnauthorizedAccessException or LedgerException)
                {
                    shardSets.Add(new RewrittenShardSet(folder, "not rewritten: " + ex.Message));
                }
            }
        }
        var affected = JsonSerializer.Serialize(new
        {
            files = rewritten.Select(r => new { path = r.Path, removed = r.Removed, kept = r.Kept, status = r.Status }),
            shards = Shards.Rows.Select(r => new { shard = r[0], doc_id = r[1], token_start = r[2], token_count = r[3] }),
            shard_sets = shardSets.Select(r => new { folder = r.Folder, status = r.Status }),
            checkpoints = Checkpoints.Rows.Select(r => new { checkpoint = r[0], step = r[1], documents = r[2] }),
        });
        var now = DateTimeOffset.UtcNow;
        using (var c = LedgerDatabase.OpenWrite(LedgerPath))
        using (var tx = c.BeginTransaction())
        {
            foreach (var run in Documents.Rows.GroupBy(r => (string)r[0]!))
            {
                long seq = LedgerDatabase.Scalar(c, "SELECT coalesce(max(seq), -1) + 1 FROM events WHERE run_id = $1", run.Key) is long s ? s : 0;
                LedgerDatabase.Exec(c, "INSERT INTO takedowns VALUES ($1, $2, $3, $4, $5, $6)", run.Key, seq, SelectorText, run.Count(), affected, now);
                using var ap = c.CreateAppender("events");
                foreach (var r in run)
                    ap.CreateRow().AppendValue(run.Key).AppendValue((long?)seq++).AppendValue((string)r[1]!).AppendValue("takedown")
                        .AppendValue("taken_down").AppendValue(SelectorText).AppendValue($"removed from {rewritten.Count} file(s)")
                        .AppendNullValue().AppendNullValue().EndRow();
            }
            tx.Commit();
        }
        return new TakedownResult(rewritten, shardSets, ids.Count);
    }

    private static (long Kept, long Removed) RewriteJsonl(string path, HashSet<string> ids, string idField)
    {
        bool gz = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        long kept = 0, removed = 0;
        using var output = new AtomicFile(path);
        using (var inFile = File.OpenRead(path))
        using (Stream input = gz ? new GZipStream(inFile, CompressionMode.Decompress) : inFile)
        using (var reader = new StreamReader(input, Encoding.UTF8))
        using (var gzOut = gz ? new GZipStream(output.Stream, CompressionLevel.Optimal, leaveOpen: true) : null)
        using (var writer = new StreamWriter((Stream?)gzOut ?? output.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true) { NewLine = "\n" })
        {
            string? line;
            long lineNo = 0;
            while ((line = reader.ReadLine()) is not null)
            {
                lineNo++;
                if (line.Length > 0 && IdOf(line, idField, path, lineNo) is { } id && ids.Contains(id))
                {
                    removed++;
                    continue;
                }
                writer.WriteLine(line);
                if (line.Length > 0) kept++;
            }
        }
        output.Commit();
        return (kept, removed);
    }

    private static string? IdOf(string line, string field, string path, long lineNo)
    {
        try
        {
            var r = new Utf8JsonReader(Encoding.UTF8.GetBytes(line));
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject) return null;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                bool match = r.ValueTextEquals(field);
                r.Read();
                if (match) return r.TokenType == JsonTokenType.String ? r.GetString() : null;
                r.Skip();
            }
            return null;
        }
        catch (JsonException ex)
        {
            throw new LedgerException($"{path}:{lineNo}: not a JSON object ({ex.Message}); the file was left unchanged", ex);
        }
    }

    private static (long Kept, long Removed) RewriteParquet(string path, HashSet<string> ids, string idField)
    {
        var tmp = $"{path}.tmp-{Environment.ProcessId}";
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        try
        {
            LedgerDatabase.Exec(c, "CREATE TEMP TABLE ids (id VARCHAR)");
            using (var ap = c.CreateAppender("ids"))
                foreach (var id in ids) ap.CreateRow().AppendValue(id).EndRow();
            var src = Quote(path);
            var col = "\"" + idField.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            long total = (long)LedgerDatabase.Scalar(c, $"SELECT count(*) FROM read_parquet({src})")!;
            long removed = (long)LedgerDatabase.Scalar(c, $"SELECT count(*) FROM read_parquet({src}) WHERE CAST({col} AS VARCHAR) IN (SELECT id FROM ids)")!;
            LedgerDatabase.Exec(c, $"COPY (SELECT * FROM read_parquet({src}) WHERE CAST({col} AS VARCHAR) NOT IN (SELECT id FROM ids)) TO {Quote(tmp)} (FORMAT parquet, COMPRESSION zstd)");
            File.Move(tmp, path, overwrite: true);
            return (total - removed, removed);
        }
        catch (DuckDBException ex)
        {
            throw new LedgerException($"cannot rewrite {path}: {LedgerDatabase.FirstLine(ex.Message)}; the file was left unchanged", ex);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }

    private static string Quote(string s) => "'" + s.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static void Exec(DuckDBConnection c, string sql, List<object?> args) => LedgerDatabase.Exec(c, sql, [.. args]);

    private static ResultTable Query(DuckDBConnection c, string sql)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        return ResultTable.Read(r);
    }

    /// <summary>Writes the findings for people.</summary>
    public void Write(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteLine($"takedown {SelectorText}: {Documents.Rows.Count} document(s)");
        foreach (var r in Documents.Rows.Take(50))
            w.WriteLine($"  {r[1]}  {ResultTable.Text(r[2], 100)}  [{ResultTable.Text(r[5], 12)}]");
        if (Documents.Rows.Count > 50) w.WriteLine($"  … {Documents.Rows.Count - 50} more");
        w.WriteLine($"document files ({Files.Rows.Count}):");
        foreach (var r in Files.Rows) w.WriteLine($"  {r[0]}  ({ResultTable.Text(r[1], 12)}, step {r[2]}, {r[3]} document(s))");
        w.WriteLine($"token shards ({Shards.Rows.Select(r => r[0]).Distinct().Count()} file(s), {Shards.Rows.Count} range(s)):");
        foreach (var r in Shards.Rows.Take(100))
            w.WriteLine($"  {r[0]}  tokens {r[2]}..{(long)r[2]! + (long)r[3]!} ({r[3]} tokens, {ResultTable.Text(r[4], 10)})  doc {r[1]}");
        if (Shards.Rows.Count > 100) w.WriteLine($"  … {Shards.Rows.Count - 100} more ranges");
        w.WriteLine($"checkpoints trained on them ({Checkpoints.Rows.Count}):");
        foreach (var r in Checkpoints.Rows) w.WriteLine($"  {r[0]}  (step {r[1]}, {r[2]} document(s), evidence {r[3]})");
    }
}
