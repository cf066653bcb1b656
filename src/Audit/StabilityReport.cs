using System.Text.Json.Nodes;

namespace Pipeline.Audit;

/// <summary>Flat metrics and the JSON details of a stability result.</summary>
internal static class StabilityReport
{
    public static Dictionary<string, double> Metrics(StabilityResult r) => new(StringComparer.Ordinal)
    {
        ["spikes"] = r.LossSpikes.Count(),
        ["grad_norm_spikes"] = r.Spikes.Count(s => s.Metric == "grad_norm"),
        ["diverged"] = r.Diverged ? 1 : 0,
        ["plateaus"] = r.Plateaus.Count,
        ["lr_schedule_violations"] = r.ScheduleViolations.Count,
        ["train_steps"] = r.StepCount,
        ["final_train_loss"] = r.LastLoss,
    };

    public static JsonObject ToJson(StabilityResult r, IReadOnlyList<SpikeTrace> traces, StabilitySettings settings, string metricsPath)
    {
        var spikes = new JsonArray();
        foreach (var t in traces)
        {
            spikes.Add(new JsonObject
            {
                ["step"] = t.Spike.Step,
                ["metric"] = t.Spike.Metric,
                ["value"] = Num(t.Spike.Value),
                ["window_mean"] = Num(t.Spike.WindowMean),
                ["window_std"] = Num(t.Spike.WindowStd),
                ["z"] = Num(t.Spike.Z),
                ["top_domain"] = t.TopDomain,
                ["top_source"] = t.TopSource,
                ["domains"] = Shares(t.Domains),
                ["sources"] = Shares(t.Sources),
                ["licences"] = Shares(t.Licences),
                ["documents"] = new JsonArray(t.Documents.Take(20).Select(d => (JsonNode)new JsonObject
                {
                    ["doc_id"] = d.Document.DocumentId,
                    ["tokens"] = d.Tokens,
                    ["domain"] = d.Document.Domain,
                    ["source"] = d.Document.SourceFile,
                    ["url"] = d.Document.Url,
                    ["licence"] = d.Document.Licence,
                }).ToArray()),
                ["note"] = t.Note,
            });
        }
        return new JsonObject
        {
            ["metrics_file"] = metricsPath,
            ["settings"] = new JsonObject
            {
                ["window"] = settings.Window,
                ["z_threshold"] = settings.ZThreshold,
                ["divergence_tolerance"] = settings.DivergenceTolerance,
                ["plateau_window"] = settings.PlateauWindow,
                ["plateau_min_improvement"] = settings.PlateauMinImprovement,
                ["warmup_steps"] = settings.WarmupSteps,
                ["peak_lr"] = settings.PeakLearningRate,
                ["schedule"] = settings.Schedule,
            },
            ["steps"] = r.StepCount,
            ["first_loss"] = Num(r.FirstLoss),
            ["last_loss"] = Num(r.LastLoss),
            ["diverged"] = r.Diverged,
            ["divergence_reason"] = r.DivergenceReason,
            ["divergence_step"] = r.DivergenceStep,
            ["plateaus"] = new JsonArray(r.Plateaus.Select(p => (JsonNode)new JsonArray(p.From, p.To)).ToArray()),
            ["ends_on_plateau"] = r.EndsOnPlateau,
            ["lr_peak_step"] = r.LearningRatePeakStep,
            ["lr_peak"] = Num(r.LearningRatePeak),
            ["schedule_violations"] = new JsonArray(r.ScheduleViolations.Select(v => (JsonNode)v).ToArray()),
            ["spikes"] = spikes,
        };
    }

    private static JsonArray Shares(IReadOnlyList<(string Name, long Tokens)> items)
    {
        long total = Math.Max(1, items.Sum(i => i.Tokens));
        return new JsonArray(items.Take(10).Select(i => (JsonNode)new JsonObject
        {
            ["name"] = i.Name,
            ["tokens"] = i.Tokens,
            ["share"] = Math.Round((double)i.Tokens / total, 4),
        }).ToArray());
    }

    internal static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(Math.Round(v, 6)) : JsonValue.Create(v.ToString(System.Globalization.CultureInfo.InvariantCulture));
}
