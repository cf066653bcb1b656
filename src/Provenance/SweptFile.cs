namespace Pipeline.Provenance;

/// <summary>A file a takedown found holding text of the documents, besides the document files and shard sets.</summary>
/// <param name="Path">The file.</param>
/// <param name="Kind">warc, jsonl, json, parquet, markup, text, checkpoint, tokenizer, source.</param>
/// <param name="Matches">Records, lines, rows or values holding the documents (0 for flagged files).</param>
/// <param name="Action">"rewrite" (done by --apply), or what a person must do ("retrain …", "outside output_dir: …").</param>
public sealed record SweptFile(string Path, string Kind, long Matches, string Action)
{
    /// <summary>True when <c>--apply</c> rewrites the file.</summary>
    public bool Rewritable => Action == "rewrite";
}
