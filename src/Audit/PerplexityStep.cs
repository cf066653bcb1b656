using System.Text.Json.Nodes;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Audit;

/// <summary><c>audit.perplexity</c>: held-out perplexity and bits per byte per domain.</summary>
internal sealed class PerplexityStep(PerplexityOptions options) : ArtifactStep
{
    public override Task<IReadOnlyList<Artifact>> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(context, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private IReadOnlyList<Artifact> Run(StepContext context, CancellationToken cancellationToken)
    {
        var checkpoint = ModelInputs.Checkpoint(context, options.Checkpoint);
        var shards = ModelInputs.Shards(context, options.Shards)
            ?? throw new AuditInputException($"step '{context.StepId}': no shard set; add the tokens.shards step to needs or set with.shards");
        var domains = ValidationShards.Find(shards);
        if (domains.Count == 0) throw new AuditInputException($"{shards}: no val_DOMAIN_*.bin shards; run tokens.shards with per-domain validation");
        using var model = CheckpointScorer.Open(checkpoint, options.Device);
        var codec = CodecLoader.Load(ModelInputs.Tokenizer(context, options.Tokenizer, model, shards));
        var results = new List<DomainPerplexity>();
        context.ReportProgress(0, domains.Count, "domains");
        foreach (var (domain, files) in domains)
        {
            context.ReportProgress(results.Count, domains.Count, "domains", domain);
            var tokens = ValidationShards.Tokens(files, options.MaxTokensPerDomain);
            results.Add(PerplexityEvaluator.Evaluate(domain, model, codec, tokens, cancellationToken));
        }
        context.ReportProgress(results.Count, domains.Count, "domains");
        var (details, metrics) = Describe(results, checkpoint, shards);
        foreach (var r in results)
        {
            context.Ledger.Write(new AuditRecord(checkpoint, "perplexity", r.Domain, "perplexity", r.Perplexity, $"{r.Tokens} tokens, {r.Bytes} bytes"));
            context.Ledger.Write(new AuditRecord(checkpoint, "perplexity", r.Domain, "bits_per_byte", r.BitsPerByte, null));
        }
        var path = AuditResults.WriteStep(context.Run.OutputDirectory, context.Run.RunId, context.StepId, "perplexity", details, metrics);
        context.Log.Info($"[{context.StepId}] " + string.Join(", ", results.Select(r => $"{r.Domain}: ppl {r.Perplexity:F1}, {r.BitsPerByte:F3} bpb")));
        return [new Artifact("audit", path, new Dictionary<string, string> { ["audit_kind"] = "perplexity" })];
    }

    /// <summary>The details object and flat metrics of per-domain results.</summary>
    internal static (JsonObject Details, Dictionary<string, double> Metrics) Describe(IReadOnlyList<DomainPerplexity> results, string checkpoint, string shards)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var rows = new JsonArray();
        foreach (var r in results)
        {
            metrics[$"perplexity.{r.Domain}"] = r.Perplexity;
            metrics[$"bits_per_byte.{r.Domain}"] = r.BitsPerByte;
            metrics[$"loss.{r.Domain}"] = r.LossPerToken;
            rows.Add(new JsonObject
            {
                ["domain"] = r.Domain,
                ["tokens"] = r.Tokens,
                ["bytes"] = r.Bytes,
                ["nats"] = StabilityReport.Num(r.Nats),
                ["loss"] = StabilityReport.Num(r.LossPerToken),
                ["perplexity"] = StabilityReport.Num(r.Perplexity),
                ["bits_per_byte"] = StabilityReport.Num(r.BitsPerByte),
            });
        }
        long totalTokens = results.Sum(r => r.Tokens);
        if (totalTokens > 0)
        {
            double nats = results.Sum(r => r.Nats);
            long bytes = results.Sum(r => r.Bytes);
            metrics["perplexity"] = Math.Exp(nats / totalTokens);
            if (bytes > 0) metrics["bits_per_byte"] = nats / Math.Log(2) / bytes;
        }
        var details = new JsonObject { ["checkpoint"] = checkpoint, ["shards"] = shards, ["domains"] = rows };
        return (details, metrics);
    }
}
