using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Audit;

/// <summary>Options of <c>audit.probes</c>.</summary>
public sealed class ProbesOptions
{
    [Description("Checkpoint folder; default: the checkpoint of a needed train.gpt step")]
    [InputPath(Optional = true)]
    public string? Checkpoint { get; init; }

    [Description("Shard-set folder (held-out text for cloze probes); default: a needed tokens.shards step")]
    [InputPath(Optional = true)]
    public string? Shards { get; init; }

    [Description("Tokenizer file; default: a needed tokenizer step, else the one recorded with the checkpoint")]
    [InputPath(Optional = true)]
    public string? Tokenizer { get; init; }

    [Description("Probe JSONL files {domain, prompt, answer, distractors?} (globs)")]
    [InputPath(Optional = true)]
    public IReadOnlyList<string> Probes { get; init; } = [];

    [Description("ParaRel folder (pattern_data/graphs_json + trex_lms_vocab) to turn into probes of domain \"pararel\"")]
    [InputPath(Optional = true)]
    public string? Pararel { get; init; }

    [Description("ParaRel probes per relation")]
    [Range(1, 100_000)]
    public int PararelPerRelation { get; init; } = 5;

    [Description("Generate cloze probes (last word of a sentence) from each domain's held-out text")]
    public bool Cloze { get; init; } = true;

    [Description("Cloze probes per domain at most")]
    [Range(1, 100_000)]
    public int ClozePerDomain { get; init; } = 40;

    [Description("Distractors per probe (probes with fewer get others from the same domain's answers)")]
    [Range(1, 100)]
    public int Distractors { get; init; } = 4;

    [Description("Earlier checkpoint for retention: \"previous\" (the one saved before, if any), \"none\", or a folder")]
    public string CompareWith { get; init; } = "previous";

    [Description("Flag forgetting when a domain's accuracy drops by more than this against the earlier checkpoint")]
    [Range(0.0, 1.0)]
    public double ForgettingTolerance { get; init; } = 0.05;

    [Description("Seed for probe sampling")]
    [Range(0, int.MaxValue)]
    public int Seed { get; init; } = 17;

    [Description("Where to score")]
    [AllowedValues("auto", "cpu", "cuda")]
    public string Device { get; init; } = "cpu";
}
