using System.Text.Json.Nodes;

namespace Pipeline.Audit;

/// <summary>Everything the report shows, gathered by <c>audit.report</c>.</summary>
internal sealed record ReportData
{
    public required string Title { get; init; }
    public TrainMetrics? Metrics { get; init; }
    public JsonObject? Stability { get; init; }
    public IReadOnlyList<Spike> Spikes { get; init; } = [];
    public JsonObject? Perplexity { get; init; }
    public JsonObject? Probes { get; init; }
    public IReadOnlyList<(string Stage, long Documents)> Funnel { get; init; } = [];
    public string FunnelSource { get; init; } = "";
    public IReadOnlyList<(string Domain, long Tokens)> TokensPerDomain { get; init; } = [];
    public IReadOnlyList<(string Licence, long Documents, long Kept, long TrainTokens, long ValTokens)> Licences { get; init; } = [];
    public IReadOnlyList<MixtureRecommendation> Mixture { get; init; } = [];
    public IReadOnlyDictionary<string, double> Results { get; init; } = new Dictionary<string, double>();
    public IReadOnlyList<string> Notes { get; init; } = [];
    public IReadOnlyList<Core.Running.GateOutcome> Gates { get; init; } = [];
}
