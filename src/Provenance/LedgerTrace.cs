using System.Text.Json;
using DuckDB.NET.Data;

namespace Pipeline.Provenance;

/// <summary>Full lineage of documents found by id or URL: source record → each step's decision → duplicate
/// cluster → outputs → shard and token range → checkpoints trained on it.</summary>
public sealed class LedgerTrace
{
    private LedgerTrace(IReadOnlyDictionary<string, object?> document, ResultTable lineage, ResultTable source, ResultTable cluster)
    {
        Document = document;
        Lineage = lineage;
        Source = source;
        Cluster = cluster;
    }

    /// <summary>The document's row of <c>document_status</c> (column → value).</summary>
    public IReadOnlyDictionary<string, object?> Document { get; }

    /// <summary>Rows of <c>document_lineage</c> in order: stage, step_id, action, reason, details (the output file, shard
    /// file or checkpoint of those stages resolved to where it is now).</summary>
    public ResultTable Lineage { get; }

    /// <summary>The source file row(s) from <c>sources</c> (size, SHA-256, format), possibly empty.</summary>
    public ResultTable Source { get; }

    /// <summary>Members of the document's duplicate cluster(s).</summary>
    public ResultTable Cluster { get; }

    /// <summary>Document id.</summary>
    public string DocumentId => (string)Document["doc_id"]!;

    /// <summary>Final status: kept, dropped, error or unfinished.</summary>
    public string Status => (string)Document["status"]!;

    /// <summary>Traces every document whose id or URL is <paramref name="idOrUrl"/>.</summary>
    /// <exception cref="LedgerException">Missing ledger, or no such document.</exception>
    public static IReadOnlyList<LedgerTrace> Find(string ledgerPath, string idOrUrl)
    {
        ArgumentException.ThrowIfNullOrEmpty(idOrUrl);
        using var c = LedgerDatabase.OpenReadOnly(ledgerPath);
        var docs = Query(c, "SELECT * FROM document_status WHERE doc_id = $1 OR url = $1 ORDER BY doc_id, run_id", idOrUrl);
        if (docs.Rows.Count == 0)
            throw new LedgerException($"no document with id or URL '{idOrUrl}' in {ledgerPath} (an id is as the documents table lists it: the id the input supplied, or 16 hex digits the reader made; a URL must match exactly)");
        var result = new List<LedgerTrace>();
        // the files the run wrote, where they are now (the ledger stores them relative to its folder)
        var files = RunFolderMap.Load(c, ledgerPath);
        for (int i = 0; i < docs.Rows.Count; i++)
        {
            var d = new Dictionary<string, object?>(StringComparer.Ordinal);
            for (int k = 0; k < docs.Columns.Count; k++) d[docs.Columns[k]] = docs.Rows[i][k];
            var id = (string)d["doc_id"]!;
            var run = (string)d["run_id"]!;
            var lineage = Query(c, """
                SELECT stage, step_id, action, reason, details FROM document_lineage
                WHERE doc_id = $1 AND (run_id = $2 OR stage IN ('shard', 'checkpoint'))
                ORDER BY stage_order, seq, step_id
                """, id, run);
            foreach (var row in lineage.Rows)
                if (row[0] is "output" or "shard" or "checkpoint" && row[3] is string path) row[3] = files.Resolve(path);
            var source = Query(c, "SELECT path, size_bytes, sha256, format FROM sources WHERE run_id = $1 AND same_path(path, $2)",
                run, d["source_file"] as string ?? "");
            var cluster = Query(c, """
                SELECT cluster_id, doc_id, representative_id, similarity FROM dedup_clusters
                WHERE cluster_id IN (SELECT cluster_id FROM dedup_clusters WHERE doc_id = $1) ORDER BY cluster_id, doc_id
                """, id);
            result.Add(new LedgerTrace(d, lineage, source, cluster));
        }
        return result;
    }

    private static ResultTable Query(DuckDBConnection c, string sql, params object?[] args)
    {
        using var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var a in args) cmd.Parameters.Add(new DuckDBParameter(a ?? DBNull.Value));
        using var r = cmd.ExecuteReader();
        return ResultTable.Read(r);
    }

    private string Field(string key) => Document.TryGetValue(key, out var v) ? ResultTable.Text(v, int.MaxValue) : "";

    /// <summary>Writes the trace as text for people.</summary>
    public void Write(TextWriter w)
    {
        ArgumentNullException.ThrowIfNull(w);
        w.WriteLine($"document {DocumentId}   run {Field("run_id")}");
        if (Field("url") is { Length: > 0 } url) w.WriteLine($"  url:       {url}");
        w.WriteLine($"  domain:    {Or(Field("domain"))}   host: {Or(Field("host"))}   language: {Or(Field("language"))}");
        var ev = Field("licence_evidence");
        w.WriteLine($"  licence:   {Or(Field("licence"))}{(ev.Length > 0 ? $" (evidence: {ev})" : "")}");
        w.WriteLine($"  opt-out:   {(Field("opt_out") is { Length: > 2 } o ? o : "none")}");
        var status = Status;
        if (status is "dropped" or "error") status += $" by {Field("dropped_by")} ({Field("drop_reason")})";
        w.WriteLine($"  status:    {status}");
        w.WriteLine($"  content:   {Field("text_bytes")} bytes, xxh128 {Field("content_hash")}");
        w.WriteLine("source");
        w.WriteLine($"  file:      {Field("source_file")} @ {Field("offset_kind")} {Field("record_offset")}{(Field("record_id") is { Length: > 0 } rid ? $"  record {rid}" : "")}");
        foreach (var s in Source.Rows)
            w.WriteLine($"  file size: {ResultTable.Text(s[1], 40)} bytes, sha256 {ResultTable.Text(s[2], 80)}, format {ResultTable.Text(s[3], 20)}");
        if (Field("fetch_time") is { Length: > 0 } ft) w.WriteLine($"  fetched:   {ft}");
        w.WriteLine("lineage");
        foreach (var r in Lineage.Rows)
        {
            var step = r[1] is string st ? $"[{st}] " : "";
            var reason = ResultTable.Text(r[3], 200);
            var details = ResultTable.Text(r[4], 200);
            w.WriteLine($"  {ResultTable.Text(r[0], 12),-10} {step}{r[2]}{(reason.Length > 0 ? $"  {reason}" : "")}{(details.Length > 0 ? $"  ({details})" : "")}");
        }
        if (Cluster.Rows.Count > 0)
        {
            w.WriteLine($"duplicate cluster ({Cluster.Rows.Count} members)");
            foreach (var r in Cluster.Rows.Take(20))
                w.WriteLine($"  {ResultTable.Text(r[0], 40)}  {ResultTable.Text(r[1], 40)}{(Equals(r[1], r[2]) ? "  (representative)" : "")}  similarity {ResultTable.Text(r[3], 12)}");
        }
    }

    private static string Or(string s) => s.Length == 0 ? "-" : s;

    /// <summary>Writes the trace as one JSON object.</summary>
    public void WriteJson(Utf8JsonWriter j)
    {
        ArgumentNullException.ThrowIfNull(j);
        j.WriteStartObject();
        j.WriteStartObject("document");
        foreach (var kv in Document) j.WriteString(kv.Key, kv.Value is null ? null : ResultTable.Text(kv.Value, int.MaxValue));
        j.WriteEndObject();
        j.WriteStartArray("lineage");
        foreach (var r in Lineage.Rows)
        {
            j.WriteStartObject();
            for (int i = 0; i < Lineage.Columns.Count; i++) j.WriteString(Lineage.Columns[i], r[i] is null ? null : ResultTable.Text(r[i], int.MaxValue));
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteEndObject();
    }
}
