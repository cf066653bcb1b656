using System.Text.Json;
using Pipeline.Core.Ledger;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Provenance.Tests;

public sealed class DuckDbLedgerTests(LedgerRunFixture run) : IClassFixture<LedgerRunFixture>
{
    private ResultTable Q(string sql) => LedgerQuery.Run(run.Ledger, sql);

    private long Scalar(string sql) => TestValues.Long(Q(sql).Rows.Single()[0]);

    private static List<string> Ids(string jsonl) =>
        File.ReadLines(jsonl).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();

    [Fact]
    public void RunDag_WithFilters_CountsReconcile()
    {
        var exp = TestSteps.Expected(LedgerRunFixture.Count);
        var acc = Q("SELECT entered, kept, dropped, errored, unfinished, written FROM accounting");
        Assert.Single(acc.Rows);
        var row = acc.Rows[0].Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(LedgerRunFixture.Count, row[0]);
        Assert.Equal(exp.Kept, row[1]);
        Assert.Equal(exp.Short + exp.Duplicates, row[2]);
        Assert.Equal(exp.Broken, row[3]);
        Assert.Equal(0, row[4]);
        Assert.Equal(row[0], row[1] + row[2] + row[3]);

        // against the files the sinks wrote
        var kept = Ids(Path.Combine(run.OutputDir, "kept.jsonl"));
        var rejected = Ids(Path.Combine(run.OutputDir, "rejected.jsonl"));
        Assert.Equal(exp.Kept, kept.Count);
        Assert.Equal(exp.Short, rejected.Count);
        Assert.Equal(kept.Count, Scalar("SELECT count(*) FROM document_status WHERE status = 'kept' AND written"));
        Assert.Equal(0, Scalar("SELECT count(*) FROM document_status WHERE status = 'kept' AND NOT written"));
        var keptInLedger = Q("SELECT doc_id FROM outputs WHERE step_id = 'keep'").Rows.Select(r => (string)r[0]!).Order(StringComparer.Ordinal);
        Assert.Equal(kept.Order(StringComparer.Ordinal), keptInLedger);
        Assert.Equal(rejected.Count, Scalar("SELECT count(*) FROM document_status WHERE status = 'dropped' AND dropped_by = 'short' AND written"));

        // per step and per reason
        Assert.Equal(exp.Short, Scalar("SELECT dropped FROM funnel WHERE step_id = 'short'"));
        Assert.Equal(exp.Broken, Scalar("SELECT errored FROM funnel WHERE step_id = 'short'"));
        Assert.Equal(exp.Duplicates, Scalar("SELECT documents FROM step_reasons WHERE step_id = 'dedup' AND reason = 'exact_dedup:duplicate'"));
        Assert.Equal(exp.Emails, Scalar("SELECT modified FROM funnel WHERE step_id = 'redact'"));
        Assert.Equal(exp.Emails, Scalar("SELECT sum(count) FROM pii_redactions WHERE entity_type = 'email'"));

        // the materialised status equals the live view, and the run is complete
        Assert.Equal(0, Scalar("SELECT count(*) FROM documents d JOIN document_status s USING (run_id, doc_id) WHERE d.status IS DISTINCT FROM s.status"));
        Assert.Equal("completed", Q("SELECT status FROM runs").Rows.Single()[0]);
        Assert.Equal(1L, Scalar("SELECT count(*) FROM sources"));
    }

    [Fact]
    public void Trace_DroppedDocument_ShowsStepAndReason()
    {
        int i = Enumerable.Range(0, 100).First(TestSteps.IsShort);
        var t = Assert.Single(LedgerTrace.Find(run.Ledger, TestSteps.Id(i)));
        Assert.Equal("dropped", t.Status);
        Assert.Equal("short", t.Document["dropped_by"]);
        Assert.Equal("min_length:too_short", t.Document["drop_reason"]);
        Assert.Equal(TestSteps.Url(i), t.Document["url"]);
        Assert.Equal("data/corpus.jsonl", t.Document["source_file"]);
        Assert.Equal(i * 100L, t.Document["record_offset"]);
        var steps = t.Lineage.Rows.Select(r => $"{r[0]}|{r[1]}|{r[2]}|{r[3]}").ToList();
        Assert.Equal("source|gen|entered|data/corpus.jsonl", steps[0]);
        Assert.Contains("step|short|dropped|min_length:too_short", steps);
        Assert.DoesNotContain(steps, s => s.StartsWith("shard", StringComparison.Ordinal) || s.Contains("|keep|", StringComparison.Ordinal));
        Assert.Contains(steps, s => s.StartsWith("output|rejects|written|", StringComparison.Ordinal) && s.EndsWith("rejected.jsonl", StringComparison.Ordinal));
        var sw = new StringWriter();
        t.Write(sw);
        Assert.Contains("status:    dropped by short (min_length:too_short)", sw.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Trace_KeptDocumentByUrl_ShowsEveryStageToCheckpoint()
    {
        // document 0: kept, has an e-mail (redacted), first in the shard so inside the trained batch
        var t = Assert.Single(LedgerTrace.Find(run.Ledger, TestSteps.Url(0)));
        Assert.Equal(TestSteps.Id(0), t.DocumentId);
        Assert.Equal("kept", t.Status);
        var stages = t.Lineage.Rows.Select(r => $"{r[0]}|{r[1]}|{r[2]}").ToList();
        Assert.Equal(
            ["source|gen|entered", "pii|redact|pii_redact", "step|redact|modified", "output|keep|written", "shard||tokenized", "checkpoint||trained"],
            stages);
        var shard = t.Lineage.Rows.Single(r => (string)r[0]! == "shard");
        Assert.EndsWith("shards/train_000000.bin", (string)shard[3]!, StringComparison.Ordinal);
        Assert.StartsWith("tokens 0..", (string)shard[4]!, StringComparison.Ordinal);
        Assert.EndsWith("step_000001", (string)t.Lineage.Rows.Single(r => (string)r[0]! == "checkpoint")[3]!, StringComparison.Ordinal);
        Assert.Equal("CC-BY-4.0", t.Document["licence"]);
    }

    [Fact]
    public void Trace_DocumentPastTrainedBatch_HasNoCheckpoint()
    {
        var lastKept = Ids(Path.Combine(run.OutputDir, "kept.jsonl"))[^1];
        var t = Assert.Single(LedgerTrace.Find(run.Ledger, lastKept));
        Assert.Contains(t.Lineage.Rows, r => (string)r[0]! == "shard");
        Assert.DoesNotContain(t.Lineage.Rows, r => (string)r[0]! == "checkpoint");
    }

    [Fact]
    public void Trace_DuplicateDocument_ShowsCluster()
    {
        int i = Enumerable.Range(1, 100).First(TestSteps.IsDuplicate);
        var t = Assert.Single(LedgerTrace.Find(run.Ledger, TestSteps.Id(i)));
        Assert.Equal("dropped", t.Status);
        Assert.Equal("dedup", t.Document["dropped_by"]);
        Assert.Equal(2, t.Cluster.Rows.Count);
        Assert.All(t.Cluster.Rows, r => Assert.Equal(TestSteps.Id(i - 1), r[2]));
    }

    [Fact]
    public void Trace_UnknownDocument_ThrowsClearError()
    {
        var ex = Assert.Throws<LedgerException>(() => LedgerTrace.Find(run.Ledger, "ffffffffffffffff"));
        Assert.Contains("no document with id or URL 'ffffffffffffffff'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("INSERT INTO runs (run_id) VALUES ('evil')", "read-only")]
    [InlineData("DELETE FROM documents", "read-only")]
    [InlineData("UPDATE runs SET status = 'x'", "read-only")]
    [InlineData("DROP TABLE events", "read-only")]
    [InlineData("COPY documents TO '/tmp/pipeline-ledger-leak.csv'", "refused")]
    [InlineData("ATTACH '/tmp/pipeline-ledger-other.duckdb' AS other", "refused")]
    [InlineData("SELECT * FROM read_csv('/etc/passwd')", "refused")]
    [InlineData("SELECT * FROM read_parquet('/etc/passwd')", "refused")]
    [InlineData("SET enable_external_access = true", "refused")]
    [InlineData("INSTALL httpfs", "refused")]
    public void Query_WriteOrFileAccess_IsRefusedAndLedgerUnchanged(string sql, string expected)
    {
        var before = File.ReadAllBytes(run.Ledger);
        long docs = Scalar("SELECT count(*) FROM documents");
        var ex = Assert.Throws<LedgerException>(() => LedgerQuery.Run(run.Ledger, sql));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal(before, File.ReadAllBytes(run.Ledger));
        Assert.Equal(docs, Scalar("SELECT count(*) FROM documents"));
        Assert.False(File.Exists("/tmp/pipeline-ledger-leak.csv"));
        Assert.False(File.Exists("/tmp/pipeline-ledger-other.duckdb"));
    }

    [Fact]
    public void Query_BadSql_ThrowsQueryFailed()
    {
        var ex = Assert.Throws<LedgerException>(() => LedgerQuery.Run(run.Ledger, "SELEC count(*) FROM documents"));
        Assert.StartsWith("query failed:", ex.Message, StringComparison.Ordinal);
        Assert.Contains("syntax error", ex.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Query_MissingLedger_ThrowsNotFound()
    {
        var ex = Assert.Throws<LedgerException>(() => LedgerQuery.Run(Path.Combine(run.Dir, "nope.duckdb"), "SELECT 1"));
        Assert.Contains("ledger not found", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LicenceBreakdown_CountsDocumentsAndTokensPerLicence()
    {
        var t = Q("SELECT licence, opt_out_status, documents, kept, tokens FROM licence_breakdown");
        var expected = Enumerable.Range(0, LedgerRunFixture.Count)
            .GroupBy(i => (TestSteps.Licence(i), TestSteps.OptedOut(i) ? "opted_out" : "no_opt_out"))
            .ToDictionary(g => g.Key, g => g.Count());
        Assert.Equal(expected.Count, t.Rows.Count);
        foreach (var r in t.Rows)
            Assert.Equal(expected[((string)r[0]!, (string)r[1]!)], Convert.ToInt32(r[2], System.Globalization.CultureInfo.InvariantCulture));
        long tokens = Scalar("SELECT sum(token_count) FROM shards");
        Assert.True(tokens > 0);
        Assert.Equal(tokens, t.Rows.Sum(r => Convert.ToInt64(r[4], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(tokens, Scalar("SELECT sum(tokens) FROM tokens_per_licence"));
        Assert.Equal(Enumerable.Range(0, LedgerRunFixture.Count).Count(TestSteps.OptedOut), Scalar("SELECT count(*) FROM opt_out_documents"));
    }

    [Fact]
    public void Documents_EveryRow_HoldsSourceValuesHashAndEmptyStrings()
    {
        var t = Q("""
            SELECT record_offset, doc_id, url, domain, licence, licence_evidence, opt_out, language, content_hash, text_bytes,
                   record_id, content_type, offset_kind, fetch_time, title
            FROM documents ORDER BY record_offset
            """);
        Assert.Equal(LedgerRunFixture.Count, t.Rows.Count);
        foreach (var r in t.Rows)
        {
            int i = (int)(TestValues.Long(r[0]) / 100);
            var text = TestSteps.Text(i);
            Assert.Equal(TestSteps.Id(i), r[1]);
            Assert.Equal(TestSteps.Url(i), r[2]);
            Assert.Equal(TestSteps.Domain(i), r[3]);
            Assert.Equal(TestSteps.Licence(i), r[4]);
            Assert.Equal(TestSteps.Licence(i) == "unknown" ? null : "meta[name=license]", r[5]);
            if (TestSteps.OptedOut(i)) Assert.Equal(["robots:noai"], ((System.Collections.IEnumerable)r[6]!).Cast<object>().Select(o => o.ToString()));
            else Assert.Null(r[6]);
            Assert.Equal("en", r[7]);
            Assert.Equal(Pipeline.Core.Documents.DocumentId.ContentHash(text), r[8]);
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), TestValues.Long(r[9]));
            Assert.Equal($"rec-{i}", r[10]);
            Assert.Equal("text/html", r[11]);
            Assert.Equal("byte", r[12]);
            Assert.NotNull(r[13]);
            Assert.Null(r[14]);
        }
        // the runner records sink outputs with an empty path (the files are in artifacts): empty, not NULL
        Assert.Equal(0, Scalar("SELECT count(*) FROM outputs WHERE output_path IS NULL"));
        Assert.True(Scalar("SELECT count(*) FROM outputs WHERE output_path = ''") > 0);
    }

    [Fact]
    public void ContentHash_LargeAndNonAsciiText_MatchesDocumentId()
    {
        foreach (var text in new[] { "", "héllo wörld ✓ 😀", new string('x', 3_000_000), string.Concat(Enumerable.Repeat("é✓", 200_000)) })
        {
            Assert.Equal(Pipeline.Core.Documents.DocumentId.ContentHash(text), HashedDocumentRecord.Hash(text, out long n));
            Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(text), n);
        }
    }

    [Fact]
    public void ResultTable_Formats_TableCsvJson()
    {
        var t = Q("SELECT 'a,b' AS x, 2 AS n, ['p', 'q'] AS l, NULL AS z");
        var csv = new StringWriter();
        t.WriteCsv(csv);
        Assert.Equal("x,n,l,z\n\"a,b\",2,\"[p, q]\",\n", csv.ToString().ReplaceLineEndings("\n"));
        var json = new StringWriter();
        t.WriteJson(json);
        var j = JsonDocument.Parse(json.ToString()).RootElement[0];
        Assert.Equal("a,b", j.GetProperty("x").GetString());
        Assert.Equal(2, j.GetProperty("n").GetInt32());
        Assert.Equal("q", j.GetProperty("l")[1].GetString());
        Assert.Equal(JsonValueKind.Null, j.GetProperty("z").ValueKind);
        var table = new StringWriter();
        t.WriteTable(table);
        Assert.Contains("(1 row)", table.ToString(), StringComparison.Ordinal);
    }
}
