using System.Text;
using System.Text.Json;
using Pipeline.Provenance;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline provenance …`: query, trace, licences, takedown, merge over DuckDB ledgers.</summary>
internal static class ProvenanceCommands
{
    private static readonly string[] Formats = ["table", "csv", "json"];

    public static IEnumerable<CliCommand> All() =>
    [
        new("provenance query", "Run read-only SQL on a ledger (table, CSV or JSON output)",
            "provenance query LEDGER.duckdb \"SQL\" [--format table|csv|json] [--timeout SECONDS]\n" +
            "  The ledger is opened read-only with file access disabled: INSERT/UPDATE/COPY/ATTACH/read_csv are refused (exit 2).\n" +
            "  One statement per call (more: exit 2). --timeout (default 300) stops a runaway query (exit 1); Ctrl-C/SIGTERM exit 130.\n" +
            "  Tables: runs sources documents events outputs artifacts dedup_clusters pii_redactions shards checkpoints\n" +
            "  train_metrics train_batches audits takedowns; views: document_status accounting funnel step_reasons document_lineage\n" +
            "  document_files document_checkpoints licence_breakdown tokens_per_licence opt_out_documents current_runs (docs/provenance.md).",
            new HashSet<string>(), QueryAsync),
        new("provenance trace", "Lineage of a document by id or URL: source → steps → dedup → outputs → shards → checkpoints",
            "provenance trace LEDGER.duckdb ID-or-URL [--json]", new HashSet<string> { "json" }, TraceAsync),
        new("provenance licences", "Documents and tokens (train, validation, total: each token once) per licence and opt-out status",
            "provenance licences LEDGER.duckdb [--format table|csv|json]", new HashSet<string>(), LicencesAsync),
        new("provenance takedown", "List (or with --apply remove) every artifact holding documents by URL, domain or id",
            "provenance takedown LEDGER.duckdb (--url URL | --domain DOMAIN | --doc ID)... [--apply] [--id-field id]\n" +
            "  Lists document files, token shards with token ranges and checkpoints trained on the documents.\n" +
            "  --apply rewrites the JSONL/Parquet document files and the shard sets (tokens component) without them and\n" +
            "  records the takedown in the ledger. Checkpoints are listed: only retraining removes what they learned.\n" +
            "  Exit codes: 0 done (or nothing found), 1 applied but a shard set could not be rewritten, 2 usage error.",
            new HashSet<string> { "apply" }, TakedownAsync),
        new("provenance merge", "Combine task ledgers into one",
            "provenance merge --output MERGED.duckdb [--allow-partial] INPUT.duckdb...\n" +
            "  The inputs must be, per stage, exactly tasks 0..N-1 of one task count and one DAG (their runs say which):\n" +
            "  otherwise exit 2 naming the missing and foreign ledgers, unless --allow-partial.\n" +
            "  Runs already in the output are skipped, so merging again after more tasks finish only adds the new ones.",
            new HashSet<string> { "allow-partial" }, MergeAsync),
    ];

    private static string Format(CliArgs args)
    {
        var f = args.Get("format") ?? "table";
        if (!Formats.Contains(f)) throw new UsageException($"--format must be one of {string.Join(", ", Formats)}, got '{f}'");
        return f;
    }

    private static int Fail(CommandContext ctx, LedgerException ex)
    {
        ctx.Error.WriteLine($"error: {ex.Message}");
        return 2;
    }

    private static Task<int> QueryAsync(CliArgs args, CommandContext ctx)
    {
        var db = args.Positional(0, "LEDGER");
        var sql = args.Positional(1, "SQL");
        var format = Format(args);
        var timeoutText = args.Get("timeout") ?? "300";
        if (!double.TryParse(timeoutText, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) || seconds <= 0 || seconds > 1e7)
            throw new UsageException($"--timeout must be a positive number of seconds, got '{timeoutText}'");
        args.RejectUnknown();
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

    private static Task<int> TraceAsync(CliArgs args, CommandContext ctx)
    {
        var db = args.Positional(0, "LEDGER");
        var key = args.Positional(1, "ID-or-URL");
        bool json = args.Has("json");
        args.RejectUnknown();
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

    private static Task<int> LicencesAsync(CliArgs args, CommandContext ctx)
    {
        var db = args.Positional(0, "LEDGER");
        var format = Format(args);
        args.RejectUnknown();
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

    private static Task<int> TakedownAsync(CliArgs args, CommandContext ctx)
    {
        var db = args.Positional(0, "LEDGER");
        var selectors = new List<TakedownSelector>();
        selectors.AddRange(args.GetAll("url").Select(v => new TakedownSelector(TakedownSelectorKind.Url, v)));
        selectors.AddRange(args.GetAll("domain").Select(v => new TakedownSelector(TakedownSelectorKind.Domain, v)));
        selectors.AddRange(args.GetAll("doc").Select(v => new TakedownSelector(TakedownSelectorKind.Doc, v)));
        bool apply = args.Has("apply");
        var idField = args.Get("id-field") ?? "id";
        args.RejectUnknown();
        if (selectors.Count == 0) throw new UsageException("give at least one of --url URL, --domain DOMAIN or --doc ID");
        if (args.Positionals.Count > 1) throw new UsageException($"unexpected argument '{args.Positionals[1]}'");
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

    private static Task<int> MergeAsync(CliArgs args, CommandContext ctx)
    {
        var output = args.Require("output");
        bool allowPartial = args.Has("allow-partial");
        args.RejectUnknown();
        if (args.Positionals.Count == 0) throw new UsageException("give the input ledgers to merge");
        try
        {
            if (!TaskSetGate.Pass(LedgerTaskSet.Check(args.Positionals), "ledgers", allowPartial, ctx)) return Task.FromResult(2);
            var r = LedgerMerge.Merge(output, args.Positionals);
            ctx.Out.WriteLine($"merged {args.Positionals.Count} ledger(s) into {output}: {r.RunsAdded} run(s) added, {r.RunsSkipped} already present");
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
