using DuckDB.NET.Data;
using Pipeline.Core.Ledger;

namespace Pipeline.Provenance;

/// <summary>Tables and views of the provenance ledger (see docs/provenance.md).</summary>
internal static class LedgerSchema
{
    /// <summary>Bumped when a table changes shape; stored in <c>ledger_info</c>.</summary>
    public const string Version = "1";

    /// <summary>Every table, in the order merge copies them.</summary>
    public static readonly string[] Tables =
    [
        "runs", "sources", "documents", "document_updates", "events", "outputs", "artifacts", "dedup_clusters", "pii_redactions",
        "shards", "checkpoints", "train_metrics", "train_batches", "audits", "takedowns",
    ];

    /// <summary>
    /// Columns holding paths of files a run wrote (table → columns): the ledger stores a path inside its own folder
    /// relative to that folder (<see cref="LedgerPaths"/>), readers resolve it against the folder the ledger is in now,
    /// and merge rebases it onto the merged ledger's folder. Input paths (<c>sources.path</c>, <c>documents.source_file</c>,
    /// <c>events.file</c>) are stored as the DAG wrote them and are not listed. A module's table with such a column adds it here.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string[]> PathColumns = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["runs"] = ["output_dir"],
        ["outputs"] = ["output_path"],
        ["artifacts"] = ["path"],
        ["shards"] = ["shard_file", "shard_set"],
        ["checkpoints"] = ["path", "shard_set"],
        ["audits"] = ["checkpoint"],
    };

    /// <summary>For each column of <paramref name="table"/>, whether it holds a path (<see cref="PathColumns"/>); null when none does.</summary>
    public static bool[]? PathFlags(LedgerTable table)
    {
        if (!PathColumns.TryGetValue(table.Name, out var names)) return null;
        return [.. table.Columns.Select(c => names.Contains(c.Name, StringComparer.Ordinal))];
    }

    /// <summary>
    /// Checks every mapped table against the database: <c>run_id VARCHAR, seq BIGINT</c> and then the mapping's columns,
    /// same names, same types, same order. A mapping that disagrees fails here, when the ledger opens.
    /// </summary>
    public static void Check(DuckDBConnection c, IEnumerable<LedgerTable> tables)
    {
        foreach (var t in tables)
        {
            var actual = new List<(string Name, string Type)>();
            using (var cmd = c.CreateCommand())
            {
                cmd.CommandText = "SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = 'main' AND table_name = $1 ORDER BY ordinal_position";
                cmd.Parameters.Add(new DuckDBParameter(t.Name));
                using var r = cmd.ExecuteReader();
                while (r.Read()) actual.Add((r.GetString(0), r.GetString(1)));
            }
            if (actual.Count == 0) throw new LedgerException($"ledger table '{t.Name}' does not exist (mapped as {t})");
            var expected = new List<(string Name, string Type)> { ("run_id", "VARCHAR"), ("seq", "BIGINT") };
            expected.AddRange(t.Columns.Select(col => (col.Name, SqlType(col.Type))));
            for (int i = 0; i < Math.Max(expected.Count, actual.Count); i++)
            {
                var e = i < expected.Count ? $"{expected[i].Name} {expected[i].Type}" : "nothing";
                var a = i < actual.Count ? $"{actual[i].Name} {actual[i].Type}" : "nothing";
                if (e != a)
                    throw new LedgerException($"the mapping of ledger table '{t.Name}' disagrees with the table at column {i + 1}: the mapping writes {e}, the table has {a}");
            }
        }
    }

    private static string SqlType(LedgerColumnType type) => type switch
    {
        LedgerColumnType.Text => "VARCHAR",
        LedgerColumnType.BigInt => "BIGINT",
        LedgerColumnType.Integer => "INTEGER",
        LedgerColumnType.Double => "DOUBLE",
        LedgerColumnType.Timestamp => "TIMESTAMP WITH TIME ZONE",
        _ => "VARCHAR[]",
    };

    /// <summary>Tables whose rows belong to one run (everything but <c>runs</c>).</summary>
    public static IEnumerable<string> RunTables => Tables.Where(t => t != "runs");

    public const string TablesSql = """
        CREATE TABLE IF NOT EXISTS ledger_info (key VARCHAR PRIMARY KEY, value VARCHAR);
        CREATE TABLE IF NOT EXISTS runs (
            run_id VARCHAR PRIMARY KEY,
            dag_name VARCHAR,
            dag_text VARCHAR,
            dag_hash VARCHAR,
            version VARCHAR,
            task_index INTEGER,
            task_count INTEGER,
            output_dir VARCHAR,
            started_at TIMESTAMPTZ,
            ended_at TIMESTAMPTZ,
            status VARCHAR,
            attempts INTEGER,
            last_attempt_id VARCHAR,
            superseded_by VARCHAR,
            stage INTEGER DEFAULT 0);
        ALTER TABLE runs ADD COLUMN IF NOT EXISTS stage INTEGER DEFAULT 0;
        CREATE TABLE IF NOT EXISTS sources (
            run_id VARCHAR, seq BIGINT, path VARCHAR, size_bytes BIGINT, sha256 VARCHAR, format VARCHAR);
        CREATE TABLE IF NOT EXISTS documents (
            run_id VARCHAR, seq BIGINT, doc_id VARCHAR, source_step VARCHAR, source_file VARCHAR,
            record_offset BIGINT, offset_kind VARCHAR, record_id VARCHAR, url VARCHAR, domain VARCHAR, host VARCHAR,
            fetch_time TIMESTAMPTZ, content_type VARCHAR, content_hash VARCHAR, text_bytes BIGINT,
            licence VARCHAR, licence_evidence VARCHAR, opt_out VARCHAR[], language VARCHAR, title VARCHAR,
            status VARCHAR, dropped_by VARCHAR, drop_reason VARCHAR);
        CREATE TABLE IF NOT EXISTS document_updates (
            run_id VARCHAR, seq BIGINT, doc_id VARCHAR, step_id VARCHAR, domain VARCHAR, host VARCHAR,
            licence VARCHAR, licence_evidence VARCHAR, opt_out VARCHAR[], language VARCHAR, title VARCHAR, url VARCHAR);
        ALTER TABLE document_updates ADD COLUMN IF NOT EXISTS url VARCHAR;
        CREATE TABLE IF NOT EXISTS events (
            run_id VARCHAR, seq BIGINT, doc_id VARCHAR, step_id VARCHAR, action VARCHAR, reason VARCHAR,
            details VARCHAR, file VARCHAR, record_offset BIGINT);
        CREATE TABLE IF NOT EXISTS outputs (
            run_id VARCHAR, seq BIGINT, doc_id VARCHAR, step_id VARCHAR, output_path VARCHAR);
        CREATE TABLE IF NOT EXISTS artifacts (
            run_id VARCHAR, seq BIGINT, step_id VARCHAR, kind VARCHAR, path VARCHAR, format VARCHAR, properties VARCHAR);
        CREATE TABLE IF NOT EXISTS dedup_clusters (
            run_id VARCHAR, seq BIGINT, cluster_id VARCHAR, doc_id VARCHAR, representative_id VARCHAR,
            similarity DOUBLE, step_id VARCHAR);
        CREATE TABLE IF NOT EXISTS pii_redactions (
            run_id VARCHAR, seq BIGINT, doc_id VARCHAR, entity_type VARCHAR, count INTEGER, mode VARCHAR, step_id VARCHAR);
        CREATE TABLE IF NOT EXISTS shards (
            run_id VARCHAR, seq BIGINT, shard_file VARCHAR, shard_name VARCHAR, shard_set VARCHAR, doc_id VARCHAR,
            token_start BIGINT, token_count BIGINT, split VARCHAR, domain VARCHAR);
        CREATE TABLE IF NOT EXISTS checkpoints (
            run_id VARCHAR, seq BIGINT, path VARCHAR, step BIGINT, tokens_seen BIGINT, train_loss DOUBLE,
            val_loss DOUBLE, shard_set VARCHAR, saved_at TIMESTAMPTZ);
        CREATE TABLE IF NOT EXISTS train_metrics (
            run_id VARCHAR, seq BIGINT, step BIGINT, loss DOUBLE, learning_rate DOUBLE, grad_norm DOUBLE,
            tokens_per_sec DOUBLE, batch_ref VARCHAR);
        CREATE TABLE IF NOT EXISTS train_batches (
            run_id VARCHAR, seq BIGINT, step BIGINT, shard VARCHAR, token_offset BIGINT, token_length BIGINT);
        CREATE TABLE IF NOT EXISTS audits (
            run_id VARCHAR, seq BIGINT, checkpoint VARCHAR, kind VARCHAR, domain VARCHAR, metric VARCHAR,
            value DOUBLE, details VARCHAR);
        CREATE TABLE IF NOT EXISTS takedowns (
            run_id VARCHAR, seq BIGINT, selector VARCHAR, documents INTEGER, affected_artifacts VARCHAR,
            applied_at TIMESTAMPTZ);
        """;

    public static readonly string ViewsSql = $$"""
        -- the one definition of a document's status: its first drop or error decides; otherwise kept when it reached a
        -- sink or the run finished every step, else unfinished (used by document_status and when a run completes)
        CREATE OR REPLACE MACRO document_status_of(first_action, written, run_status) AS
            CASE WHEN first_action = 'error' THEN 'error'
                 WHEN first_action = 'dropped' THEN 'dropped'
                 WHEN written OR run_status IN ('completed', 'gate_failed') THEN 'kept'
                 ELSE 'unfinished' END;

        CREATE OR REPLACE MACRO same_path(a, b) AS
            a = b OR ends_with(a, '/' || b) OR ends_with(b, '/' || a);

        CREATE OR REPLACE MACRO url_host(u) AS
            nullif(lower(regexp_extract(u, '^[A-Za-z][A-Za-z0-9+.-]*://([^/:?#@]+@)?([^/:?#]+)', 2)), '');

        CREATE OR REPLACE VIEW current_runs AS
            SELECT * FROM runs WHERE superseded_by IS NULL;

        CREATE OR REPLACE VIEW latest_document_updates AS
            SELECT * FROM document_updates
            QUALIFY row_number() OVER (PARTITION BY run_id, doc_id ORDER BY seq DESC) = 1;

        CREATE OR REPLACE VIEW documents_with_updates AS
            SELECT d.* REPLACE ({{MirroredMeta.Coalesce("u", "d", ", ")}})
            FROM documents d LEFT JOIN latest_document_updates u USING (run_id, doc_id);

        CREATE OR REPLACE VIEW document_status AS
        WITH d AS (
            SELECT DISTINCT ON (run_id, doc_id) * EXCLUDE (status, dropped_by, drop_reason)
                   REPLACE (coalesce(host, url_host(url)) AS host)
            FROM documents_with_updates WHERE run_id IN (SELECT run_id FROM current_runs)
            ORDER BY run_id, doc_id, seq),
        ev AS (
            SELECT run_id, doc_id,
                   arg_min(action, seq) AS first_action,
                   arg_min(step_id, seq) AS decided_by,
                   arg_min(reason, seq) AS decided_reason
            FROM events WHERE doc_id IS NOT NULL AND action IN ('dropped', 'error')
            GROUP BY run_id, doc_id),
        wr AS (SELECT DISTINCT run_id, doc_id FROM outputs),
        tk AS (SELECT DISTINCT run_id, doc_id FROM events WHERE action = 'taken_down')
        SELECT d.*,
               document_status_of(ev.first_action, wr.doc_id IS NOT NULL, r.status) AS status,
               ev.decided_by AS dropped_by,
               ev.decided_reason AS drop_reason,
               wr.doc_id IS NOT NULL AS written,
               coalesce(len(d.opt_out), 0) > 0 AS opted_out,
               tk.doc_id IS NOT NULL AS taken_down
        FROM d JOIN runs r USING (run_id)
        LEFT JOIN ev USING (run_id, doc_id)
        LEFT JOIN wr USING (run_id, doc_id)
        LEFT JOIN tk USING (run_id, doc_id);

        CREATE OR REPLACE VIEW rejected_sinks AS
            SELECT DISTINCT run_id, step_id FROM artifacts
            WHERE kind = 'documents' AND contains(coalesce(properties, ''), '"port":"rejected"');

        CREATE OR REPLACE VIEW document_writes AS
            SELECT o.run_id, o.doc_id,
                   bool_or(r.step_id IS NULL) AS written,
                   bool_or(r.step_id IS NOT NULL) AS written_rejected
            FROM outputs o LEFT JOIN rejected_sinks r USING (run_id, step_id)
            GROUP BY o.run_id, o.doc_id;

        CREATE OR REPLACE VIEW accounting AS
            SELECT ds.run_id,
                   count(*) AS entered,
                   count(*) FILTER (WHERE ds.status = 'kept') AS kept,
                   count(*) FILTER (WHERE ds.status = 'dropped') AS dropped,
                   count(*) FILTER (WHERE ds.status = 'error') AS errored,
                   count(*) FILTER (WHERE ds.status = 'unfinished') AS unfinished,
                   count(*) FILTER (WHERE coalesce(w.written, false)) AS written,
                   count(*) FILTER (WHERE coalesce(w.written_rejected, false)) AS written_rejected
            FROM document_status ds LEFT JOIN document_writes w USING (run_id, doc_id)
            GROUP BY ds.run_id;

        CREATE OR REPLACE VIEW step_reasons AS
            SELECT run_id, step_id, action, coalesce(reason, '') AS reason, count(*) AS documents
            FROM events WHERE doc_id IS NOT NULL AND run_id IN (SELECT run_id FROM current_runs)
            GROUP BY ALL;

        CREATE OR REPLACE VIEW dag_steps AS
            SELECT r.run_id, s.step_id, s.step_order
            FROM current_runs r,
                 LATERAL (SELECT unnest(ids) AS step_id, generate_subscripts(ids, 1) AS step_order
                          FROM (SELECT CASE WHEN json_valid(r.dag_text) THEN CAST(json_extract_string(r.dag_text, '$.steps[*].id') AS VARCHAR[]) END AS ids)) s
            WHERE s.step_id IS NOT NULL;

        CREATE OR REPLACE VIEW funnel AS
        WITH x AS (
            SELECT run_id, source_step AS step_id, 'entered' AS action, min(seq) AS first_seq, count(DISTINCT doc_id) AS n
                FROM documents GROUP BY ALL
            UNION ALL SELECT run_id, step_id, action, min(seq), count(*) FROM events WHERE doc_id IS NOT NULL GROUP BY ALL
            UNION ALL SELECT run_id, step_id, 'written', min(seq), count(*) FROM outputs GROUP BY ALL),
        steps AS (
            SELECT run_id, step_id, step_order FROM dag_steps
            UNION ALL
            SELECT DISTINCT x.run_id, x.step_id, NULL FROM x
            WHERE NOT EXISTS (SELECT 1 FROM dag_steps d WHERE d.run_id = x.run_id AND d.step_id = x.step_id))
        SELECT s.run_id, s.step_id,
               CAST(coalesce(sum(n) FILTER (WHERE action = 'entered'), 0) AS BIGINT) AS entered,
               CAST(coalesce(sum(n) FILTER (WHERE action = 'kept'), 0) AS BIGINT) AS kept_events,
               CAST(coalesce(sum(n) FILTER (WHERE action = 'modified'), 0) AS BIGINT) AS modified,
               CAST(coalesce(sum(n) FILTER (WHERE action = 'dropped'), 0) AS BIGINT) AS dropped,
               CAST(coalesce(sum(n) FILTER (WHERE action = 'error'), 0) AS BIGINT) AS errored,
               CAST(coalesce(sum(n) FILTER (WHERE action = 'written'), 0) AS BIGINT) AS written,
               min(first_seq) AS first_seq,
               s.step_order
        FROM steps s LEFT JOIN x USING (run_id, step_id)
        WHERE s.run_id IN (SELECT run_id FROM current_runs)
        GROUP BY s.run_id, s.step_id, s.step_order
        ORDER BY s.run_id, s.step_order NULLS LAST, min(first_seq), s.step_id;

        CREATE OR REPLACE VIEW document_files AS
            SELECT o.run_id, o.doc_id, o.step_id, a.kind,
                   CASE WHEN coalesce(o.output_path, '') <> '' THEN o.output_path ELSE a.path END AS path,
                   a.format
            FROM (SELECT DISTINCT run_id, doc_id, step_id, output_path FROM outputs) o
            LEFT JOIN artifacts a ON a.run_id = o.run_id AND a.step_id = o.step_id AND a.kind = 'documents'
            WHERE o.run_id IN (SELECT run_id FROM current_runs);

        CREATE OR REPLACE VIEW document_checkpoints AS
            SELECT DISTINCT s.doc_id, c.run_id, c.path AS checkpoint, c.step AS checkpoint_step,
                   s.shard_file, s.token_start, s.token_count, 'batch' AS evidence
            FROM shards s
            JOIN train_batches b ON b.shard = s.shard_name
                 AND b.token_offset < s.token_start + s.token_count
                 AND b.token_offset + b.token_length > s.token_start
            JOIN checkpoints c ON c.run_id = b.run_id AND b.step <= c.step
                 AND (coalesce(c.shard_set, '') = '' OR coalesce(s.shard_set, '') = '' OR same_path(c.shard_set, s.shard_set))
            WHERE c.run_id IN (SELECT run_id FROM current_runs)
            UNION
            SELECT DISTINCT s.doc_id, c.run_id, c.path, c.step, s.shard_file, s.token_start, s.token_count, 'shard_set'
            FROM shards s
            JOIN checkpoints c ON coalesce(c.shard_set, '') <> '' AND same_path(c.shard_set, s.shard_set)
            WHERE coalesce(s.split, 'train') = 'train'
              AND c.run_id IN (SELECT run_id FROM current_runs)
              AND NOT EXISTS (SELECT 1 FROM train_batches b WHERE b.run_id = c.run_id);

        CREATE OR REPLACE MACRO counted_split(split, shard_name) AS
            CASE WHEN split = 'train' THEN 'train'
                 WHEN split = 'val' AND regexp_full_match(shard_name, 'val_[0-9]+\.bin') THEN 'val'
                 ELSE NULL END;

        CREATE OR REPLACE VIEW document_tokens AS
            SELECT doc_id,
                   CAST(coalesce(sum(token_count) FILTER (WHERE counted_split(split, shard_name) IS NOT NULL), 0) AS BIGINT) AS tokens,
                   CAST(coalesce(sum(token_count) FILTER (WHERE counted_split(split, shard_name) = 'train'), 0) AS BIGINT) AS train_tokens,
                   CAST(coalesce(sum(token_count) FILTER (WHERE counted_split(split, shard_name) = 'val'), 0) AS BIGINT) AS val_tokens,
                   count(DISTINCT shard_file) AS shard_files
            FROM shards WHERE run_id IN (SELECT run_id FROM current_runs) GROUP BY doc_id;

        CREATE OR REPLACE VIEW licence_breakdown AS
            SELECT coalesce(ds.licence, 'unknown') AS licence,
                   CASE WHEN ds.opted_out THEN 'opted_out' ELSE 'no_opt_out' END AS opt_out_status,
                   count(*) AS documents,
                   count(*) FILTER (WHERE ds.status = 'kept') AS kept,
                   count(*) FILTER (WHERE ds.status = 'dropped') AS dropped,
                   count(*) FILTER (WHERE ds.status = 'error') AS errored,
                   CAST(coalesce(sum(t.train_tokens), 0) AS BIGINT) AS train_tokens,
                   CAST(coalesce(sum(t.val_tokens), 0) AS BIGINT) AS val_tokens,
                   CAST(coalesce(sum(t.tokens), 0) AS BIGINT) AS tokens,
                   CAST(coalesce(sum(ds.text_bytes), 0) AS BIGINT) AS text_bytes
            FROM document_status ds LEFT JOIN document_tokens t USING (doc_id)
            GROUP BY ALL ORDER BY documents DESC, licence, opt_out_status;

        CREATE OR REPLACE VIEW tokens_per_licence AS
            SELECT coalesce(d.licence, 'unknown') AS licence, counted_split(s.split, s.shard_name) AS split,
                   count(DISTINCT s.doc_id) AS documents, CAST(sum(s.token_count) AS BIGINT) AS tokens
            FROM shards s
            LEFT JOIN (SELECT DISTINCT ON (doc_id) doc_id, licence FROM document_status ORDER BY doc_id) d USING (doc_id)
            WHERE s.run_id IN (SELECT run_id FROM current_runs) AND counted_split(s.split, s.shard_name) IS NOT NULL
            GROUP BY ALL ORDER BY tokens DESC;

        CREATE OR REPLACE VIEW opt_out_documents AS
            SELECT run_id, doc_id, url, domain, licence, opt_out, status, written
            FROM document_status WHERE opted_out;

        CREATE OR REPLACE VIEW document_lineage AS
            SELECT run_id, doc_id, seq, 1 AS stage_order, 'source' AS stage, source_step AS step_id, 'entered' AS action,
                   source_file AS reason,
                   offset_kind || ' ' || CAST(record_offset AS VARCHAR) || coalesce(' record ' || record_id, '') AS details
            FROM documents
            UNION ALL
            SELECT run_id, doc_id, seq, 2, 'step', step_id, action, reason, details FROM events WHERE doc_id IS NOT NULL
            UNION ALL
            SELECT run_id, doc_id, seq, 2, 'pii', step_id, 'pii_' || coalesce(mode, 'found'), entity_type,
                   CAST(count AS VARCHAR) || ' found' FROM pii_redactions
            UNION ALL
            SELECT run_id, doc_id, seq, 3, 'dedup', step_id, 'clustered', cluster_id,
                   'representative ' || coalesce(representative_id, '?') || ', similarity ' || CAST(round(similarity, 4) AS VARCHAR)
            FROM dedup_clusters
            UNION ALL
            SELECT f.run_id, f.doc_id, o.first_seq, 4, 'output', f.step_id, 'written', f.path, f.format
            FROM document_files f
            JOIN (SELECT run_id, doc_id, step_id, min(seq) AS first_seq FROM outputs GROUP BY ALL) o USING (run_id, doc_id, step_id)
            UNION ALL
            SELECT run_id, doc_id, seq, 5, 'shard', NULL, 'tokenized', shard_file,
                   'tokens ' || CAST(token_start AS VARCHAR) || '..' || CAST(token_start + token_count AS VARCHAR)
                   || ' (' || CAST(token_count AS VARCHAR) || ' tokens, ' || coalesce(split, '?') || ')'
            FROM shards
            UNION ALL
            SELECT run_id, doc_id, checkpoint_step, 6, 'checkpoint', NULL, 'trained', checkpoint,
                   'step ' || CAST(checkpoint_step AS VARCHAR) || ' (' || evidence || ')'
            FROM document_checkpoints;
        """;
}
