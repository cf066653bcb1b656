using System.CommandLine;
using System.Text;
using System.Text.Json;
using Pipeline.Provenance;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline provenance …`: query, trace, licences, takedown, merge over DuckDB ledgers.</summary>
internal static class ProvenanceCommands
{
    private static readonly string[] Formats = ["table", "csv", "json"];

    public static IEnumerable<Command> All() =>
    [
        new CliCommand("provenance", "Query, trace, account for and take down documents in DuckDB provenance ledgers")
        {
            Query(), Trace(), Licences(), Takedown(), Merge(),
        },
    ];

    private static Argument<string> Ledger() => CliOptions.Positional("LEDGER", "The ledger file (output_dir/provenance.duckdb)");

    private static Option<string> FormatOption() => CliOptions.Value("--format", "table|csv|json", "Output format", "table");

    private static CliCommand Query()
    {
        var db = Ledger();
        var sql = CliOptions.Positional("SQL", "One read-only SQL statement");
        var format = FormatOption();
        var timeout = CliOptions.Value<string?>("--timeout", "SECONDS", "Stop a runaway query after SECONDS (default 300; exit 1)");
        return new CliCommand("query", "Run read-only SQL on a ledger (table, CSV or JSON output). " +
            "The ledger is opened read-only with file access disabled: INSERT/UPDATE/COPY/ATTACH/read_csv are refused (exit 2); one statement per call. " +
            "Tables: runs sources documents events outputs artifacts dedup_clusters pii_redactions shards checkpoints " +
            "train_metrics train_batches audits takedowns; views: document_status accounting funnel step_reasons document_lineage " +
            "document_files document_checkpoints licence_breakdown tokens_per_licence opt_out_documents current_runs (docs/provenance.md)")
        {
            db, sql, format, timeout,
        }.Handle((r, ctx) => QueryAsync(r.GetValue(db)!, r.GetValue(sql)!, CheckFormat(r.GetValue(format)), r.GetValue(timeout) ?? "300", ctx));
    }

    private static CliCommand Trace()
    {
        var db = Ledger();
        var key = CliOptions.Positional("ID-or-URL", "A document id (as in the outputs) or its URL");
        var json = CliOptions.Flag("--json", "Print JSON");
        return new CliCommand("trace", "Lineage of a document by id or URL: source → steps → dedup → outputs → shards → checkpoints") { db, key, json }
            .Handle((r, ctx) => TraceAsync(r.GetValue(db)!, r.GetValue(key)!, r.GetValue(json), ctx));
    }

    private static CliCommand Licences()
    {
        var db = Ledger();
        var format = FormatOption();
        return new CliCommand("licences", "Documents and tokens (train, validation, total: each token once) per licence and opt-out status") { db, format }
            .Handle((r, ctx) => LicencesAsync(r.GetValue(db)!, CheckFormat(r.GetValue(format)), ctx));
    }

    private static CliCommand Takedown()
    {
        var db = Ledger();
        var url = CliOptions.Many("--url", "URL", "Documents with this URL (repeatable)");
        var domain = CliOptions.Many("--domain", "DOMAIN", "Documents from this domain (repeatable)");
        var doc = CliOptions.Many("--doc", "ID", "Documents with this id (repeatable)");
        var apply = CliOptions.Flag("--apply", "Rewrite the JSONL/Parquet document files and the shard sets without the documents and record the takedown in the ledger");
        var idField = CliOptions.Value("--id-field", "NAME", "The id field of the document files", "id");
        return new CliCommand("takedown", "List (or with --apply remove) every artifact holding documents by URL, domain or id. " +
            "Lists document files, token shards with token ranges and checkpoints trained on the documents; checkpoints are listed: only retraining removes what they learned. " +
            "Exit codes: 0 done (or nothing found), 1 applied but a shard set could not be rewritten, 2 usage error")
        {
            db, url, domain, doc, apply, idField,
        }.Handle((r, ctx) =>
        {
            var selectors = new List<TakedownSelector>();
            selectors.AddRange((r.GetValue(url) ?? []).Select(v => new TakedownSelector(TakedownSelectorKind.Url, v)));
            selectors.AddRange((r.GetValue(domain) ?? []).Select(v => new TakedownSelector(TakedownSelectorKind.Domain, v)));
            selectors.AddRange((r.GetValue(doc) ?? []).Select(v => new TakedownSelector(TakedownSelectorKind.Doc, v)));
            return TakedownAsync(r.GetValue(db)!, selectors, r.GetValue(apply), r.GetValue(idField)!, ctx);
        });
    }

    private static CliCommand Merge()
    {
        var output = new Option<string>("--output") { Description = "The merged ledger", HelpName = "MERGED.duckdb", Required = true };
        var allowPartial = CliOptions.Flag("--allow-partial", "Merge even when the inputs are not, per stage, exactly tasks 0..N-1 of one task count and one DAG (otherwise exit 2 naming the missing and foreign ledgers)");
        var inputs = CliOptions.Rest("INPUT", "Task ledgers (INPUT.duckdb...)");
        return new CliCommand("merge", "Combine task ledgers into one. Runs already in the output are skipped, so merging again after more tasks finish only adds the new ones")
        {
            output, allowPartial, inputs,
        }.Handle((r, ctx) => MergeAsync(r.GetValue(output)!, r.GetValue(allowPartial), r.GetValue(inputs) ?? [], ctx));
    }

    private static string CheckFormat(string? f)
    {
        f ??= "table";
        if (!Formats.Contains(f)) throw new UsageException($"--format must be one of {string.Join(", ", Formats)}, got '{f}'");
        return f;
    }

    private static int Fail(CommandContext ctx, LedgerException ex)
    {
        ctx.Error.WriteLine($"error: {ex.Message}");
        return 2;
    }

    private static Task<int> QueryAsync(string db, string sql, string format, string timeoutText, CommandContext ctx)
    {
        if (!double.TryParse(timeoutText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 1e7)
            throw new UsageException($"--timeout must be a positive number of seconds, got '{timeoutText}'");
        int statements = LedgerQuery.CountStatements(sql);
        if (statements > 1)
            throw new UsageException($"provenance query runs one SQL statement per call; found {statements} (run them one at a time)");
        try
        {
            LedgerQuery.Run(db, sql, TimeSpan.FromSeconds(seconds), ctx.CancellationToken).Write(ctx.Out, format);
            return Task.FromResult(0);
        }
        catch (LedgerException ex)
        {
            return Task.FromResult(Fail(ctx, ex));
        }
        catch (TimeoutException ex)
        {
            ctx.Error.WriteLine($"error: {ex.Message}");
            return Task.FromResult(1);
        }
    }

    private static Task<int> TraceAsync(string db, string key, bool json, CommandContext ctx)
    {
        try
        {
            var traces = LedgerTrace.Find(db, key);
            if (json)
            {
                using var ms = new MemoryStream();
                using (var j = new Utf8JsonWriter(ms, new JsonWriterOptions { Indented = true }))
                {
                    j.WriteStartArray();
                    foreach (var t in traces) t.WriteJson(j);
                    j.WriteEndArray();
                }
                ctx.Out.WriteLine(Encoding.UTF8.GetString(ms.ToArray()));
            }
            else
            {
                for (int i = 0; i < traces.Count; i++)
                {
                    if (i > 0) ctx.Out.WriteLine();
                    traces[i].Write(ctx.Out);
                }
            }
            return Task.FromResult(0);
        }
        catch (LedgerException ex)
        {
            return Task.FromResult(Fail(ctx, ex));
        }
    }

    private static Task<int> LicencesAsync(string db, string format, CommandContext ctx)
    {
        try
        {
            LedgerQuery.Run(db, """
                SELECT licence, opt_out_status, documents, kept, dropped, errored, train_tokens, val_tokens, tokens FROM licence_breakdown
                UNION ALL
                SELECT '(total)', '', sum(documents), sum(kept), sum(dropped), sum(errored), sum(train_tokens), sum(val_tokens), sum(tokens)
                FROM licence_breakdown
                """).Write(ctx.Out, format);
            return Task.FromResult(0);
        }
        catch (LedgerException ex)
        {
            return Task.FromResult(Fail(ctx, ex));
        }
    }

    private static Task<int> TakedownAsync(string db, List<TakedownSelector> selectors, bool apply, string idField, CommandContext ctx)
    {
        if (selectors.Count == 0) throw new UsageException("give at least one of --url URL, --domain DOMAIN or --doc ID");
        try
        {
            var td = LedgerTakedown.Find(db, selectors);
            td.Write(ctx.Out);
            if (td.Documents.Rows.Count == 0)
            {
                ctx.Out.WriteLine("nothing to take down");
                return Task.FromResult(0);
            }
            if (!apply)
            {
                ctx.Out.WriteLine("dry run: add --apply to rewrite the document files, shard sets and other files listed without these documents and record the takedown");
                return Task.FromResult(0);
            }
            var result = td.Apply(idField, RewriteShardSet);
            foreach (var f in result.Files)
                ctx.Out.WriteLine(f.Status == "missing"
                    ? $"missing (skipped): {f.Path}"
                    : $"rewrote {f.Path}: removed {f.Removed}, kept {f.Kept}");
            foreach (var s in result.ShardSets) ctx.Out.WriteLine($"shard set {s.Folder}: {s.Status}");
            foreach (var f in result.OtherFiles)
                ctx.Out.WriteLine(f.Status == "rewritten" ? $"rewrote {f.Path}: removed or replaced {f.Removed}" : $"{f.Status}: {f.Path}");
            ctx.Out.WriteLine($"recorded takedown of {result.Documents} document(s) in {db}");
            if (td.Checkpoints.Rows.Count > 0)
                ctx.Error.WriteLine($"warning: {td.Checkpoints.Rows.Count} checkpoint(s) were trained on these documents (listed above); only retraining without them removes their influence");
            var manual = td.Others.Where(o => !o.Rewritable).ToList();
            if (manual.Count > 0)
                ctx.Error.WriteLine($"warning: {manual.Count} file(s) still derive from these documents and need a person (listed under 'to handle by hand'): {string.Join(", ", manual.Select(o => o.Path))}");
            var otherLeft = result.OtherFiles.Where(f => f.Status.StartsWith("not rewritten", StringComparison.Ordinal)).ToList();
            if (otherLeft.Count > 0)
            {
                ctx.Error.WriteLine($"takedown incomplete: {otherLeft.Count} file(s) still hold these documents: {string.Join(", ", otherLeft.Select(f => $"{f.Path} ({f.Status})"))}");
                return Task.FromResult(1);
            }
            var left = result.ShardSets.Where(s => !s.Done).ToList();
            if (left.Count > 0)
            {
                ctx.Error.WriteLine($"takedown incomplete: {left.Count} shard set(s) still hold these documents: {string.Join(", ", left.Select(s => $"{s.Folder} ({s.Status})"))}");
                return Task.FromResult(1);
            }
            return Task.FromResult(0);
        }
        catch (LedgerException ex)
        {
            return Task.FromResult(Fail(ctx, ex));
        }
    }

    /// <summary>The tokens component's shard rewrite: removes the documents from the shard set (shards, index, manifest).</summary>
    private static string RewriteShardSet(string folder, IReadOnlyCollection<string> ids)
    {
        if (!File.Exists(Path.Combine(folder, "manifest.json")))
            throw new InvalidOperationException($"{folder} has no manifest.json, so it is not a shard set the tokens component can rewrite");
        var r = Tokens.ShardSetRewriter.RemoveDocuments(folder, ids);
        return $"removed {r.DocumentsRemoved} document(s), {r.PlacementsRemoved} placement(s), {r.TokensRemoved} token(s) from {r.ShardsRewritten.Count} shard(s)";
    }

    private static Task<int> MergeAsync(string output, bool allowPartial, string[] inputs, CommandContext ctx)
    {
        if (inputs.Length == 0) throw new UsageException("give the input ledgers to merge");
        try
        {
            if (!TaskSetGate.Pass(LedgerTaskSet.Check(inputs), "ledgers", allowPartial, ctx)) return Task.FromResult(2);
            var r = LedgerMerge.Merge(output, inputs);
            ctx.Out.WriteLine($"merged {inputs.Length} ledger(s) into {output}: {r.RunsAdded} run(s) added, {r.RunsSkipped} already present");
            if (r.Incomplete.Count > 0)
                ctx.Error.WriteLine($"warning: {r.Incomplete.Count} run(s) did not complete ({string.Join(", ", r.Incomplete)}); their rows are partial: rerun those tasks and merge again (the rerun replaces them)");
            return Task.FromResult(0);
        }
        catch (LedgerException ex)
        {
            return Task.FromResult(Fail(ctx, ex));
        }
    }
}
