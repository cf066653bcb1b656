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
        ResultTable files, ResultTable shards, ResultTable checkpoints, SweepInputs sweep)
    {
        _sweep = sweep;
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

    /// <summary>
    /// Every other file holding the documents' text, ids or records (crawl files, probes, reports, dedup clusters,
    /// caches; artifacts outside the output folders), and the checkpoints and tokenizers to retrain.
    /// </summary>
    public IReadOnlyList<SweptFile> Others => _sweep.Plan;

    private readonly SweepInputs _sweep;

    private sealed record SweepInputs(TakedownText Match, HashSet<string> RecordIds, HashSet<string> Urls, List<SweptFile> Plan);

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
            var extra = Query(c, """
                SELECT d.record_id, d.url, d.source_file FROM documents_with_updates d JOIN td USING (run_id, doc_id)
                """);
            var runs = Query(c, "SELECT output_dir, dag_text FROM current_runs WHERE output_dir IS NOT NULL");
            var artifacts = Query(c, "SELECT DISTINCT kind, path FROM artifacts WHERE run_id IN (SELECT run_id FROM current_runs) AND path IS NOT NULL ORDER BY path");
            var ckptPaths = Query(c, "SELECT DISTINCT path FROM checkpoints WHERE run_id IN (SELECT run_id FROM current_runs) AND path IS NOT NULL");
            tx.Rollback();
            // the files the runs wrote, where they are now (stored relative to the ledger's folder; RunFolderMap)
            var moved = RunFolderMap.Load(c, ledgerPath);
            moved.Apply(files, 0);
            moved.Apply(shards, 0);
            moved.Apply(ckpts, 0);
            moved.Apply(runs, 0);
            moved.Apply(artifacts, 1);
            moved.Apply(ckptPaths, 0);
            var sweep = PlanSweep(docs, files, shards, extra, runs, artifacts, ckptPaths);
            return new LedgerTakedown(Path.GetFullPath(ledgerPath), selectors, docs, files, shards, ckpts, sweep);
        }
    }

    private static SweepInputs PlanSweep(ResultTable docs, ResultTable files, ResultTable shards, ResultTable extra, ResultTable runs,
        ResultTable artifacts, ResultTable ckptPaths)
    {
        static string Norm(string p) => Path.GetFullPath(p).Replace('\\', '/');
        var ids = docs.Rows.Select(r => (string)r[1]!).ToHashSet(StringComparer.Ordinal);
        var recordIds = extra.Rows.Select(r => r[0] as string).OfType<string>().Where(x => x.Length > 0).ToHashSet(StringComparer.Ordinal);
        var urls = extra.Rows.Select(r => r[1] as string).OfType<string>().Where(x => x.Length > 0).ToHashSet(StringComparer.Ordinal);
        var texts = new List<string>();
        foreach (var f in files.Rows)
        {
            var path = (string)f[0]!;
            if (!File.Exists(path)) continue;
            var format = (f[1] as string) ?? EngineMappings.FormatOf(path) ?? "";
            try
            {
                texts.AddRange(format == "parquet" ? ParquetTexts(path, ids) : JsonlTexts(path, ids));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or DuckDBException)
            {
                // the document file is rewritten by id anyway; its text is only used to find copies elsewhere
            }
        }
        var match = new TakedownText(ids, urls, texts);

        var outputDirs = runs.Rows.Select(r => Norm((string)r[0]!)).Distinct(StringComparer.Ordinal).ToList();
        bool Inside(string p) => outputDirs.Any(d => p == d || p.StartsWith(d.TrimEnd('/') + "/", StringComparison.Ordinal));
        var handled = new HashSet<string>(files.Rows.Select(r => Norm((string)r[0]!)), StringComparer.Ordinal);
        foreach (var folder in shards.Rows.Select(r => Path.GetDirectoryName((string)r[0]!) ?? "").Distinct(StringComparer.Ordinal))
            if (Directory.Exists(folder))
                foreach (var f in Directory.EnumerateFiles(folder)) handled.Add(Norm(f));
        var flagged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var r in ckptPaths.Rows) flagged[Norm((string)r[0]!)] = "checkpoint";
        var roots = new List<string>(outputDirs);
        foreach (var r in artifacts.Rows)
        {
            var kind = (string)r[0]!;
            var path = Norm((string)r[1]!);
            if (kind is "checkpoint" or "tokenizer") flagged[path] = kind;
            if (!Inside(path) && kind is not ("documents" or "shards")) roots.Add(path);
        }
        // the documents' source files (an input crawl) outside the output folders: the takedown does not edit inputs
        var outside = new Dictionary<string, string>(StringComparer.Ordinal);
        var dagDirs = runs.Rows.Select(r => DagDirectory((string)r[0]!, r[1] as string)).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        foreach (var source in extra.Rows.Select(r => r[2] as string).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            List<string> candidates = Path.IsPathRooted(source) ? [source] : [.. dagDirs.Select(d => Path.Combine(d, source))];
            var found = candidates.Select(Norm).FirstOrDefault(File.Exists);
            if (found is null) outside[source] = "source";
            else if (!Inside(found)) outside[found] = "source";
        }
        var plan = TakedownSweep.Plan(roots, handled, flagged, outside, match, recordIds, urls);
        return new SweepInputs(match, recordIds, urls, plan);
    }

    /// <summary>The DAG's folder: the absolute output folder less the output_dir the DAG text names (relative to it).</summary>
    private static string? DagDirectory(string outputDir, string? dagText)
    {
        if (dagText is null) return null;
        try
        {
            using var d = JsonDocument.Parse(dagText);
            if (!d.RootElement.TryGetProperty("output_dir", out var o) || o.GetString() is not { Length: > 0 } rel || Path.IsPathRooted(rel)) return null;
            var dir = Path.GetFullPath(outputDir);
            foreach (var _ in rel.Replace('\\', '/').Split('/', StringSplitOptions.RemoveEmptyEntries).Where(p => p != "."))
                dir = Path.GetDirectoryName(dir) ?? dir;
            return dir;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static IEnumerable<string> JsonlTexts(string path, HashSet<string> ids)
    {
        using var inFile = File.OpenRead(path);
        using Stream input = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(inFile, CompressionMode.Decompress) : inFile;
        using var reader = new StreamReader(input, Encoding.UTF8);
        var list = new List<string>();
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && ids.Contains(id.GetString()!) && root.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                list.Add(t.GetString()!);
        }
        return list;
    }

    private static List<string> ParquetTexts(string path, HashSet<string> ids)
    {
        using var c = new DuckDBConnection("Data Source=:memory:");
        c.Open();
        LedgerDatabase.Exec(c, "CREATE TEMP TABLE ids (id VARCHAR)");
        using (var ap = c.CreateAppender("ids"))
            foreach (var id in ids) ap.CreateRow().AppendValue(id).EndRow();
        using var cmd = c.CreateCommand();
        cmd.CommandText = $"SELECT CAST(text AS VARCHAR) FROM read_parquet({Quote(path)}) WHERE CAST(id AS VARCHAR) IN (SELECT id FROM ids)";
        using var r = cmd.ExecuteReader();
        var list = new List<string>();
        while (r.Read()) if (!r.IsDBNull(0)) list.Add(r.GetString(0));
        return list;
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
            var format = (f[1] as string) ?? EngineMappings.FormatOf(path) ?? "";
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
        var swept = new List<RewrittenFile>();
        foreach (var f in Others.Where(o => o.Rewritable))
        {
            if (!File.Exists(f.Path))
            {
                swept.Add(new RewrittenFile(f.Path, 0, 0, "missing"));
                continue;
            }
            try
            {
                swept.Add(new RewrittenFile(f.Path, 0, TakedownSweep.Apply(f, _sweep.Match, _sweep.RecordIds, _sweep.Urls), "rewritten"));
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or JsonException or DuckDBException or UnauthorizedAccessException)
            {
                swept.Add(new RewrittenFile(f.Path, 0, 0, "not rewritten: " + LedgerDatabase.FirstLine(ex.Message)));
            }
        }
        var affected = JsonSerializer.Serialize(new
        {
            files = rewritten.Select(r => new { path = r.Path, removed = r.Removed, kept = r.Kept, status = r.Status }),
            other_files = swept.Select(r => new { path = r.Path, removed = r.Removed, status = r.Status }),
            to_handle = Others.Where(o => !o.Rewritable).Select(o => new { path = o.Path, kind = o.Kind, action = o.Action }),
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
        return new TakedownResult(rewritten, shardSets, ids.Count) { OtherFiles = swept };
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
        var rewrite = Others.Where(o => o.Rewritable).ToList();
        w.WriteLine($"other files holding their text, ids or records ({rewrite.Count}; --apply rewrites them):");
        foreach (var o in rewrite) w.WriteLine($"  {o.Path}  ({o.Kind}, {o.Matches} record(s)/line(s)/value(s))");
        var manual = Others.Where(o => !o.Rewritable).ToList();
        w.WriteLine($"to handle by hand ({manual.Count}):");
        foreach (var o in manual) w.WriteLine($"  {o.Path}  ({o.Kind}): {o.Action}");
    }
}
