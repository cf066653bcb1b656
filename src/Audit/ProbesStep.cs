using System.Text.Json.Nodes;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Audit;

/// <summary><c>audit.probes</c>: knowledge probes per domain, scored by log-likelihood, with retention against an earlier checkpoint.</summary>
internal sealed class ProbesStep(ProbesOptions options) : ArtifactStep
{
    public override Task<IReadOnlyList<Artifact>> RunAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.Factory.StartNew(() => Run(context, cancellationToken), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private IReadOnlyList<Artifact> Run(StepContext context, CancellationToken cancellationToken)
    {
        var checkpoint = ModelInputs.Checkpoint(context, options.Checkpoint);
        var shards = ModelInputs.Shards(context, options.Shards);
        using var model = CheckpointScorer.Open(checkpoint, options.Device);
        var codec = CodecLoader.Load(ModelInputs.Tokenizer(context, options.Tokenizer, model, shards));

        var probes = new List<Probe>();
        foreach (var file in context.ExpandInputs(options.Probes)) probes.AddRange(ProbeFile.Load(file));
        if (options.Pararel is { } pr) probes.AddRange(ParaRelLoader.Load(context.ResolveInput(pr), options.PararelPerRelation, options.Distractors, options.Seed));
        if (options.Cloze && shards is not null)
            foreach (var (domain, files) in ValidationShards.Find(shards))
            {
                var docs = ValidationShards.Documents(ValidationShards.Tokens(files, 200_000), codec);
                probes.AddRange(ClozeProbeGenerator.Generate(domain, docs, options.ClozePerDomain, options.Distractors, options.Seed));
            }
        probes = ProbeFile.FillDistractors(probes, options.Distractors, options.Seed);
        if (probes.Count == 0) throw new AuditInputException($"step '{context.StepId}': no probes; set with.probes or with.pararel, or keep cloze on with a shard set in needs");
        var probePath = Path.Combine(AuditResults.Folder(context.Run.OutputDirectory), $"{context.StepId}.probes.jsonl");
        ProbeFile.Save(probePath, probes);

        string? earlier = options.CompareWith switch
        {
            "none" => null,
            "previous" => ModelInputs.Previous(checkpoint),
            var p => context.ResolveInput(p),
        };
        int toScore = probes.Count * (earlier is null ? 1 : 2);
        context.ReportProgress(0, toScore, "probes");
        var scores = Score(model, codec, probes, n => context.ReportProgress(n, toScore, "probes"), cancellationToken);
        var now = ProbeSummary.Of(scores);
        List<ProbeSummary>? before = null;
        if (earlier is not null)
        {
            using var old = CheckpointScorer.Open(earlier, options.Device);
            before = ProbeSummary.Of(Score(old, codec, probes, n => context.ReportProgress(probes.Count + n, toScore, "probes", "earlier checkpoint"), cancellationToken));
        }

        var (details, metrics) = Describe(scores, now, before, checkpoint, earlier, probePath, options.ForgettingTolerance);
        foreach (var row in details["domains"]!.AsArray())
        {
            var domain = (string)row!["domain"]!;
            var s = now.First(x => x.Domain == domain);
            context.Ledger.Write(new AuditRecord(checkpoint, "probes", domain, "probe_accuracy", s.Accuracy, $"{s.Count} probes, mean rank {s.MeanRank:F2}"));
            if (metrics.TryGetValue($"probe_retention.{domain}", out var delta))
                context.Ledger.Write(new AuditRecord(checkpoint, "probes", domain, "probe_retention", delta, $"vs {earlier}{((bool?)row["forgetting"] == true ? "; forgetting" : "")}"));
        }
        var path = AuditResults.WriteStep(context.Run.OutputDirectory, context.Run.RunId, context.StepId, "probes", details, metrics);
        context.Log.Info($"[{context.StepId}] {scores.Count} probes: " + string.Join(", ", now.Select(s => $"{s.Domain} {s.Accuracy:P0}")));
        return [new Artifact("audit", path, new Dictionary<string, string> { ["audit_kind"] = "probes" })];
    }

    /// <summary>The details object and flat metrics of probe results (retention when <paramref name="before"/> is given).</summary>
    internal static (JsonObject Details, Dictionary<string, double> Metrics) Describe(IReadOnlyList<ProbeScore> scores, IReadOnlyList<ProbeSummary> now,
        IReadOnlyList<ProbeSummary>? before, string checkpoint, string? earlier, string probePath, double tolerance)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        var rows = new JsonArray();
        int forgetting = 0;
        foreach (var s in now)
        {
            metrics[$"probe_accuracy.{s.Domain}"] = s.Accuracy;
            metrics[$"probe_mean_rank.{s.Domain}"] = s.MeanRank;
            metrics[$"probe_answer_logprob.{s.Domain}"] = s.MeanAnswerLogProb;
            var row = new JsonObject
            {
                ["domain"] = s.Domain,
                ["probes"] = s.Count,
                ["accuracy"] = StabilityReport.Num(s.Accuracy),
                ["chance"] = StabilityReport.Num(s.ChanceAccuracy),
                ["mean_rank"] = StabilityReport.Num(s.MeanRank),
                ["mean_answer_logprob"] = StabilityReport.Num(s.MeanAnswerLogProb),
            };
            if (before?.FirstOrDefault(b => b.Domain == s.Domain) is { } b)
            {
                double delta = s.Accuracy - b.Accuracy;
                bool flagged = delta < -tolerance;
                if (flagged) forgetting++;
                metrics[$"probe_retention.{s.Domain}"] = delta;
                row["earlier_accuracy"] = StabilityReport.Num(b.Accuracy);
                row["retention_change"] = StabilityReport.Num(delta);
                row["forgetting"] = flagged;
            }
            rows.Add(row);
        }
        if (scores.Count > 0) metrics["probe_accuracy"] = scores.Average(s => s.Correct ? 1.0 : 0.0);
        if (before is not null) metrics["forgetting_flags"] = forgetting;
        var examples = new JsonArray(scores.Take(12).Select(s => (JsonNode)new JsonObject
        {
            ["domain"] = s.Probe.Domain,
            ["prompt"] = s.Probe.Prompt.Length > 120 ? "…" + s.Probe.Prompt[^120..] : s.Probe.Prompt,
            ["answer"] = s.Probe.Answer,
            ["correct"] = s.Correct,
            ["rank"] = s.Rank,
        }).ToArray());
        var details = new JsonObject
        {
            ["checkpoint"] = checkpoint,
            ["earlier_checkpoint"] = earlier,
            ["probe_file"] = probePath,
            ["domains"] = rows,
            ["examples"] = examples,
        };
        return (details, metrics);
    }

    internal static List<ProbeScore> Score(ITokenScorer model, ITextCodec codec, IReadOnlyList<Probe> probes, CancellationToken cancellationToken) =>
        Score(model, codec, probes, null, cancellationToken);

    /// <summary>As above, calling <paramref name="onScored"/> with the number scored so far (every 8 probes and at the end).</summary>
    internal static List<ProbeScore> Score(ITokenScorer model, ITextCodec codec, IReadOnlyList<Probe> probes, Action<int>? onScored, CancellationToken cancellationToken)
    {
        var scores = new List<ProbeScore>(probes.Count);
        foreach (var p in probes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            scores.Add(ProbeScorer.Score(model, codec, p));
            if ((scores.Count & 7) == 0 || scores.Count == probes.Count) onScored?.Invoke(scores.Count);
        }
        return scores;
    }
}
