using System.Text.Json;
using Pipeline.Testing;

namespace Pipeline.Cli.Tests;

public sealed class GateRunTests
{
    [Fact]
    public async Task Run_GateHoldsOnAuditResult_Exit1NamingRuleAndValue()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), """
        { "name": "gated", "output_dir": "out", "fail_on": ["final_train_loss > 1000", "final_train_loss > 0.5"], "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 300, "seed": 5, "min_words": 40, "max_words": 80 } },
          { "id": "docs", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "docs.jsonl" } },
          { "id": "bpe", "uses": "tokens.train_bpe", "needs": ["web"], "with": { "vocab_size": 300 } },
          { "id": "reread", "uses": "ingest.jsonl", "needs": ["docs"] },
          { "id": "shards", "uses": "tokens.shards", "needs": ["reread", "bpe"], "with": { "validation_fraction": 0.1 } },
          { "id": "model", "uses": "train.gpt", "needs": ["shards"], "with": {
              "layers": 1, "heads": 1, "width": 16, "context": 16, "batch_size": 4, "steps": 6, "warmup_steps": 1,
              "eval_every": 6, "eval_batches": 1, "checkpoint_every": 6, "device": "cpu", "threads": 1 } },
          { "id": "stability", "uses": "audit.stability", "needs": ["model", "shards"], "with": { "warmup_steps": 1 } },
          { "id": "report", "uses": "audit.report", "needs": ["stability", "model", "shards"] }
        ] }
        """);
        var (code, stdout, err) = await CliRunner.RunAsync("run", dir.File("dag.json"), "--quiet");
        Assert.True(code == 1, $"exit {code}: {stdout} {err}");
        Assert.Contains("gate failed: final_train_loss > 0.5 (measured ", err, StringComparison.Ordinal);
        Assert.DoesNotContain("final_train_loss > 1000", err, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(dir.Path, "out", "audit", "results.json")));

        // the outcome is on record, not only on stderr
        using var stats = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "out", "stats.json")));
        Assert.Equal("gate_failed", stats.RootElement.GetProperty("status").GetString());
        var gates = stats.RootElement.GetProperty("gates").EnumerateArray().ToList();
        Assert.Equal(2, gates.Count);
        Assert.True(gates[0].GetProperty("passed").GetBoolean());
        Assert.False(gates[1].GetProperty("passed").GetBoolean());
        Assert.Equal("final_train_loss", gates[1].GetProperty("metric").GetString());
        Assert.True(gates[1].GetProperty("measured").GetDouble() > 0.5);
        using var results = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir.Path, "out", "audit", "results.json")));
        Assert.Equal(2, results.RootElement.GetProperty("gates").GetArrayLength());
        Assert.False(results.RootElement.GetProperty("gates")[1].GetProperty("passed").GetBoolean());
        var db = Path.Combine(dir.Path, "out", "provenance.duckdb");
        var (qc, runs, qe) = await CliRunner.RunAsync("provenance", "query", db, "SELECT status FROM runs", "--format", "csv");
        Assert.True(qc == 0, qe);
        Assert.Contains("gate_failed", runs, StringComparison.Ordinal);
        var (_, audits, _) = await CliRunner.RunAsync("provenance", "query", db,
            "SELECT domain, details FROM audits WHERE kind = 'gate' ORDER BY domain", "--format", "csv");
        Assert.Contains("final_train_loss > 0.5,failed: measured", audits, StringComparison.Ordinal);
        Assert.Contains("final_train_loss > 1000,passed", audits, StringComparison.Ordinal);
        var report = File.ReadAllText(Path.Combine(dir.Path, "out", "audit", "report.html"));
        Assert.Contains("<section id=\"gates\">", report, StringComparison.Ordinal);
        Assert.Contains("1 of 2 gate(s) failed", report, StringComparison.Ordinal);
        Assert.Contains("final_train_loss &gt; 0.5", report, StringComparison.Ordinal);
        var (_, kept, _) = await CliRunner.RunAsync("provenance", "query", db, "SELECT count(*) FROM document_status WHERE status = 'kept'", "--format", "csv");
        Assert.Contains("300", kept, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_GateMetricTypo_Exit2BeforeAnythingRuns()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("dag.json"), """
        { "name": "gated", "output_dir": "out", "fail_on": ["perplexity.sotu > 80", "final_train_los > 2", "probe_accuracy > 0.1"], "steps": [
          { "id": "web", "uses": "ingest.synthetic_web", "with": { "count": 30 } },
          { "id": "docs", "uses": "sink.jsonl", "needs": ["web"], "with": { "path": "docs.jsonl" } },
          { "id": "stability", "uses": "audit.stability", "with": { "metrics": "metrics.jsonl" } },
          { "id": "ppl", "uses": "audit.perplexity", "with": { "checkpoint": "ckpt", "shards": "shards" } }
        ] }
        """);
        foreach (var name in new[] { "metrics.jsonl", "ckpt", "shards" }) File.WriteAllText(dir.File(name), "");
        foreach (var command in new[] { "validate", "run" })
        {
            var (code, _, err) = await CliRunner.RunAsync(command, dir.File("dag.json"));
            Assert.True(code == 2, $"{command}: exit {code}: {err}");
            Assert.Contains("$.fail_on[1]: unknown metric 'final_train_los'; did you mean 'final_train_loss'?", err, StringComparison.Ordinal);
            Assert.Contains("$.fail_on[2]: unknown metric 'probe_accuracy'", err, StringComparison.Ordinal);
            Assert.DoesNotContain("$.fail_on[0]", err, StringComparison.Ordinal);
        }
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")), "nothing may run before the gates are known to be valid");
    }
}
