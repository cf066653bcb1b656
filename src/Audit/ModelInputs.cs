using Pipeline.Core.Steps;

namespace Pipeline.Audit;

/// <summary>Finds the checkpoint, tokenizer and shard set an audit step works on, from options or needed artifacts.</summary>
internal static class ModelInputs
{
    public static string Checkpoint(StepContext context, string? option)
    {
        if (option is { } o) return context.ResolveInput(o);
        return context.InputsOfKind("checkpoint").LastOrDefault()?.Path
            ?? throw new AuditInputException($"step '{context.StepId}': no checkpoint; add the train.gpt step to needs or set with.checkpoint");
    }

    public static string? Shards(StepContext context, string? option) =>
        option is { } o ? context.ResolveInput(o) : context.InputsOfKind("shards").LastOrDefault()?.Path;

    public static string Tokenizer(StepContext context, string? option, CheckpointScorer model, string? shards)
    {
        if (option is { } o) return context.ResolveInput(o);
        if (context.InputsOfKind("tokenizer").LastOrDefault()?.Path is { } t) return t;
        if (model.Checkpoint.TokenizerPath is { } p) return p;
        if (shards is not null && ShardManifestTokenizer(shards) is { } m) return m;
        throw new AuditInputException($"step '{context.StepId}': cannot tell which tokenizer the checkpoint used; add the tokenizer step to needs or set with.tokenizer");
    }

    private static string? ShardManifestTokenizer(string shards)
    {
        if (!File.Exists(Path.Combine(shards, Tokens.ShardSetManifest.FileName))) return null;
        var t = Tokens.ShardSetManifest.Load(shards).Tokenizer;
        return t.Path ?? t.Name;
    }

    /// <summary>The checkpoint saved before <paramref name="checkpoint"/> in the same checkpoints folder, or null.</summary>
    public static string? Previous(string checkpoint)
    {
        var parent = Path.GetDirectoryName(Path.GetFullPath(checkpoint).TrimEnd('/'));
        if (parent is null) return null;
        var name = Path.GetFileName(Path.GetFullPath(checkpoint).TrimEnd('/'));
        return Directory.EnumerateDirectories(parent, "step_*")
            .Where(d => File.Exists(Path.Combine(d, "model.bin")) && string.CompareOrdinal(Path.GetFileName(d), name) < 0)
            .Order(StringComparer.Ordinal).LastOrDefault();
    }
}
