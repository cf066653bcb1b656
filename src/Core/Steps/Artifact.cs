namespace Pipeline.Core.Steps;

/// <summary>A file (or folder) a step produced, handed to the steps that need it.</summary>
/// <param name="Kind">What it is: "documents" (parquet/jsonl files of documents), "tokenizer", "shards", "checkpoint", "report", ...</param>
/// <param name="Path">Absolute path.</param>
/// <param name="Properties">Extra facts about it (format, counts, hashes).</param>
public sealed record Artifact(string Kind, string Path, IReadOnlyDictionary<string, string>? Properties = null)
{
    /// <summary>Property value or null.</summary>
    public string? Get(string key) => Properties is not null && Properties.TryGetValue(key, out var v) ? v : null;
}
