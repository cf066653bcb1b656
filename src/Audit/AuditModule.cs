using Pipeline.Core.Ledger;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Audit;

/// <summary>Registers the steps of Pipeline.Audit.</summary>
public static class AuditModule
{
    /// <summary>Table mappings of this assembly's ledger records (<see cref="AuditRecord"/> → <c>audits</c>).</summary>
    public static LedgerMappings LedgerMappings()
    {
        var audits = new LedgerTable("audits", ("checkpoint", LedgerColumnType.Text), ("kind", LedgerColumnType.Text), ("domain", LedgerColumnType.Text),
            ("metric", LedgerColumnType.Text), ("value", LedgerColumnType.Double), ("details", LedgerColumnType.Text));
        return new LedgerMappings().Map<AuditRecord>((r, w) =>
            w.Row(audits).Text(r.Checkpoint).Text(r.Kind).Text(r.Domain).Text(r.Metric).Double(r.Value).Text(r.Details).End(), audits);
    }

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

    /// <summary>The metrics each audit step writes to results.json: exact names, and families written once per domain
    /// (<c>perplexity.DOMAIN</c>); gate rules are checked against these before a run starts.</summary>
    private static readonly Dictionary<string, (string[] Exact, string[] PerDomain)> MetricsByStep = new(StringComparer.Ordinal)
    {
        ["audit.stability"] = (["spikes", "grad_norm_spikes", "diverged", "plateaus", "lr_schedule_violations", "train_steps", "final_train_loss"], []),
        ["audit.perplexity"] = (["perplexity", "bits_per_byte"], ["perplexity", "bits_per_byte", "loss"]),
        ["audit.probes"] = (["probe_accuracy", "forgetting_flags"], ["probe_accuracy", "probe_mean_rank", "probe_answer_logprob", "probe_retention"]),
        ["audit.report"] = (["documents_entered", "documents_kept", "train_tokens"], []),
    };

    /// <summary>Problems with the metric names of <paramref name="rules"/> given the steps (their <c>uses</c>) of the DAG:
    /// (index of the rule, message). Rules that do not parse are left to <see cref="GateRule.TryParse"/>.</summary>
    public static IReadOnlyList<(int Index, string Message)> GateMetricProblems(IReadOnlyList<string> rules, IEnumerable<string> stepUses)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(stepUses);
        var present = stepUses.Where(MetricsByStep.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
        var exact = present.SelectMany(u => MetricsByStep[u].Exact).ToHashSet(StringComparer.Ordinal);
        var families = present.SelectMany(u => MetricsByStep[u].PerDomain).ToHashSet(StringComparer.Ordinal);
        var problems = new List<(int, string)>();
        for (int i = 0; i < rules.Count; i++)
        {
            if (GateRule.TryParse(rules[i], out _) is not { } rule) continue;
            int dot = rule.Metric.IndexOf('.', StringComparison.Ordinal);
            if (exact.Contains(rule.Metric) || (dot > 0 && dot < rule.Metric.Length - 1 && families.Contains(rule.Metric[..dot]))) continue;
            if (present.Count == 0)
            {
                problems.Add((i, $"no audit step in this DAG produces '{rule.Metric}' (add audit.stability, audit.perplexity, audit.probes or audit.report)"));
                continue;
            }
            var known = exact.Concat(families.Select(f => f + ".DOMAIN")).Order(StringComparer.Ordinal).ToList();
            var near = Levenshtein.Nearest(rule.Metric, [.. exact, .. families.Select(f => dot > 0 ? f + rule.Metric[dot..] : f + ".DOMAIN")]);
            problems.Add((i, $"unknown metric '{rule.Metric}'" + (near is null ? "" : $"; did you mean '{near}'?") + $" (this DAG's audit steps produce: {string.Join(", ", known)})"));
        }
        return problems;
    }

    /// <summary>Evaluates the DAG's <c>fail_on</c> rules against the audit results under <paramref name="outputDirectory"/>
    /// and records them in <c>audit/results.json</c> (its <c>gates</c> array); one outcome per rule, each failed one with
    /// the measured value or why nothing was measured.</summary>
    public static IReadOnlyList<GateOutcome> CheckGates(IReadOnlyList<string> rules, string outputDirectory)
    {
        var outcomes = ReadOutcomes(rules, outputDirectory);
        var path = AuditResults.ResultsPath(outputDirectory);
        if (outcomes.Count > 0 && File.Exists(path)) AuditResults.WriteGates(outputDirectory, outcomes);
        return outcomes;
    }

    /// <summary>The outcome of each rule against results.json under <paramref name="outputDirectory"/>; nothing is written.</summary>
    private static IReadOnlyList<GateOutcome> ReadOutcomes(IReadOnlyList<string> rules, string outputDirectory)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(outputDirectory);
        if (rules.Count == 0) return [];
        var path = AuditResults.ResultsPath(outputDirectory);
        try
        {
            return Evaluate(rules, AuditResults.Read(outputDirectory), path);
        }
        catch (Exception ex) when (ex is AuditInputException or System.Text.Json.JsonException or IOException)
        {
            return rules.Select(r => new GateOutcome(r, GateRule.TryParse(r, out _)?.Metric ?? r, null, false, $"cannot read {path}: {ex.Message}")).ToList();
        }
    }

    /// <summary>The outcome of each rule against <paramref name="results"/> (the flat metrics of results.json, read from
    /// <paramref name="path"/>); nothing is written.</summary>
    public static IReadOnlyList<GateOutcome> Evaluate(IReadOnlyList<string> rules, IReadOnlyDictionary<string, double> results, string path)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(results);
        var outcomes = new List<GateOutcome>();
        foreach (var text in rules)
        {
            var rule = GateRule.TryParse(text, out var error);
            if (rule is null)
            {
                outcomes.Add(new GateOutcome(text, text, null, false, error));
                continue;
            }
            if (!results.TryGetValue(rule.Metric, out var value))
            {
                string detail;
                if (results.Count == 0) detail = $"unknown metric '{rule.Metric}': {path} has no audit results; add audit steps to the DAG";
                else
                {
                    var near = Levenshtein.Nearest(rule.Metric, results.Keys.ToList());
                    var hint = near is null ? "" : $"; did you mean '{near}'?";
                    detail = $"unknown metric '{rule.Metric}'{hint} known: {string.Join(", ", results.Keys.Take(12))}{(results.Count > 12 ? ", ..." : "")}";
                }
                outcomes.Add(new GateOutcome(text, rule.Metric, null, false, detail));
                continue;
            }
            bool tripped = rule.Trips(value);
            outcomes.Add(new GateOutcome(text, rule.Metric, value, !tripped, tripped ? $"measured {Format(value)}" : null));
        }
        return outcomes;
    }

    /// <summary>The rules that fail against results.json, each with the measured value ("perplexity.sotu > 80
    /// (measured 93.1)"); unlike <see cref="CheckGates"/> nothing is recorded.</summary>
    public static IReadOnlyList<string> EvaluateGates(IReadOnlyList<string> rules, string outputDirectory) =>
        ReadOutcomes(rules, outputDirectory).Where(g => !g.Passed).Select(g => $"{g.Rule} ({g.Detail})").ToList();

    internal static string Format(double v) =>
        double.IsFinite(v) ? Math.Round(v, 4).ToString("G", System.Globalization.CultureInfo.InvariantCulture) : v.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
