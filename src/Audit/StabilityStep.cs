using System.Text.Json.Nodes;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Audit;

/// <summary><c>audit.stability</c>: stability of the loss curve and forensics of its spikes.</summary>
internal sealed class StabilityStep(StabilityOptions options) : ArtifactStep
{
    public override async Task<IReadOnlyList<Artifact>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        var metricsPath = options.Metrics is { } m ? context.ResolveInput(m)
            : context.InputsOfKind("metrics").FirstOrDefault()?.Path
              ?? throw new AuditInputException($"step '{context.StepId}': no metrics to audit; add the train step to needs or set with.metrics");
        var shardsPath = options.Shards is { } s ? context.ResolveInput(s) : context.InputsOfKind("shards").FirstOrDefault()?.Path;
        var checkpoint = context.InputsOfKind("checkpoint").FirstOrDefault()?.Path;
        var (warm, lr) = TrainConfigHints.Read(checkpoint);
        var settings = new StabilitySettings
        {
            Window = options.Window,
            ZThreshold = options.ZThreshold,
            DivergenceTolerance = options.DivergenceTolerance,
            PlateauWindow = options.PlateauWindow,
            PlateauMinImprovement = options.PlateauMinImprovement,
            WarmupSteps = options.WarmupSteps ?? warm,
            PeakLearningRate = options.PeakLr ?? lr,
            Schedule = options.Schedule,
        };
        var metrics = TrainMetrics.Load(metricsPath);
        var result = StabilityAnalyzer.Analyze(metrics.Steps, settings);
        TokenSpans? index = null;
        if (shardsPath is not null && File.Exists(Path.Combine(shardsPath, "index.jsonl"))) index = TokenSpans.Load(shardsPath);
        else if (result.Spikes.Count > 0) context.Log.Warn($"[{context.StepId}] no shard-set token index; spikes cannot be traced to documents (add the tokens.shards step to needs)");

        await context.Ledger.FlushAsync(cancellationToken).ConfigureAwait(false);
        var traces = SpikeForensics.Trace(result.Spikes, metrics.Steps, index, context.LedgerReader);

        var flat = StabilityReport.Metrics(result);
        var details = StabilityReport.ToJson(result, traces, settings, metricsPath);
        var path = AuditResults.WriteStep(context.Run.OutputDirectory, context.Run.RunId, context.StepId, "stability", details, flat);

        var cp = checkpoint ?? "";
        foreach (var kv in flat) context.Ledger.Write(new AuditRecord(cp, "stability", null, kv.Key, kv.Value, null));
        foreach (var t in traces)
            context.Ledger.Write(new AuditRecord(cp, "stability", t.TopDomain.Length > 0 ? t.TopDomain : null, $"spike.{t.Spike.Metric}", t.Spike.Z,
                $"step {t.Spike.Step}: {t.Spike.Value:G4} vs window mean {t.Spike.WindowMean:G4}; top source {(t.TopSource.Length > 0 ? t.TopSource : "unknown")}"));
        context.Log.Info($"[{context.StepId}] {result.LossSpikes.Count()} loss spikes, {result.Spikes.Count - result.LossSpikes.Count()} grad-norm spikes, diverged: {result.Diverged}, plateaus: {result.Plateaus.Count}");
        return [new Artifact("audit", path, new Dictionary<string, string> { ["audit_kind"] = "stability" })];
    }
}
