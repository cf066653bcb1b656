using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Audit;

/// <summary>Registers the steps of Pipeline.Audit.</summary>
public static class AuditModule
{
    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddArtifact<StabilityOptions>("audit.stability",
            "Loss/grad-norm spikes (rolling z-score), divergence, plateaus, LR schedule; each spike traced to its documents, domains, sources and licences",
            o => new StabilityStep(o));
        registry.AddArtifact<PerplexityOptions>("audit.perplexity",
            "Held-out perplexity and bits per byte per domain from the shard set's val_DOMAIN shards and a checkpoint",
            o => new PerplexityStep(o));
        registry.AddArtifact<ProbesOptions>("audit.probes",
            "Knowledge probes per domain (JSONL, ParaRel, cloze from held-out text) scored by log-likelihood; retention vs an earlier checkpoint",
            o => new ProbesStep(o));
        registry.AddArtifact<ReportOptions>("audit.report",
            "Self-contained HTML report (loss curve with spikes, perplexity and probes per domain, data funnel, licences) + Markdown summary + next_mixture.json",
            o => new ReportStep(o));
    }

    /// <summary>Evaluates the DAG's <c>fail_on</c> rules against the audit results under <paramref name="outputDirectory"/>;
    /// returns the rules that failed, each with the measured value ("perplexity.sotu > 80 (measured 93.1)").</summary>
    public static IReadOnlyList<string> EvaluateGates(IReadOnlyList<string> rules, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        var failed = new List<string>();
        if (rules.Count == 0) return failed;
        var path = AuditResults.ResultsPath(outputDirectory);
        IReadOnlyDictionary<string, double> results;
        try
        {
            results = AuditResults.Read(outputDirectory);
        }
        catch (Exception ex) when (ex is AuditInputException or System.Text.Json.JsonException or IOException)
        {
            return rules.Select(r => $"{r} (cannot read {path}: {ex.Message})").ToList();
        }
        foreach (var text in rules)
        {
            var rule = GateRule.TryParse(text, out var error);
            if (rule is null)
            {
                failed.Add($"{text} ({error})");
                continue;
            }
            if (!results.TryGetValue(rule.Metric, out var value))
            {
                if (results.Count == 0)
                    failed.Add($"{text} (unknown metric '{rule.Metric}': {path} has no audit results; add audit steps to the DAG)");
                else
                {
                    var near = Levenshtein.Nearest(rule.Metric, results.Keys.ToList());
                    var hint = near is null ? "" : $"; did you mean '{near}'?";
                    failed.Add($"{text} (unknown metric '{rule.Metric}'{hint} known: {string.Join(", ", results.Keys.Take(12))}{(results.Count > 12 ? ", ..." : "")})");
                }
                continue;
            }
            if (rule.Trips(value)) failed.Add($"{text} (measured {Format(value)})");
        }
        return failed;
    }

    internal static string Format(double v) =>
        double.IsFinite(v) ? Math.Round(v, 4).ToString("G", System.Globalization.CultureInfo.InvariantCulture) : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
