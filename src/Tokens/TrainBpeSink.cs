using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Tokens;

/// <summary>
/// <c>tokens.train_bpe</c>: a sink that keeps a bounded reservoir sample of the document stream and, when the
/// stream ends, trains a byte-level BPE vocabulary on it and writes a tiktoken rank file.
/// </summary>
internal sealed class TrainBpeSink(TrainBpeOptions options) : SinkStep
{
    private TextSampler _sampler = null!;
    private long _docs;

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        _sampler = new TextSampler(options.SampleChars, options.Seed);
        return ValueTask.CompletedTask;
    }

    public override ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        _sampler.Add(document.Text);
        if ((++_docs & 63) == 0) ReportSampling(context);
        return ValueTask.CompletedTask;
    }

    // The stream's length is unknown while it runs: progress is the sample budget filling up, then the merges.
    private void ReportSampling(StepContext context) =>
        context.ReportProgress(Math.Min(_sampler.CharsSeen, options.SampleChars), options.SampleChars, "chars", $"sampling, {_sampler.CharsSeen:N0} chars seen");

    public override async ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var sample = _sampler.Sample();
        if (sample.Count == 0) throw new InvalidOperationException($"[{context.StepId}] no text reached the tokenizer trainer; check the steps before it");
        ReportSampling(context);
        int mergesWanted = options.VocabSize - 257;
        var result = await Task.Run(() => BpeTrainer.Train(sample, options.VocabSize,
            merges => context.ReportProgress(merges, mergesWanted, "merges"), cancellationToken), cancellationToken).ConfigureAwait(false);
        var path = context.OutputPath(options.Output);
        var sha = TokenizerFile.Save(path, result.Tokens);
        context.Log.Info($"[{context.StepId}] trained {result.Merges} merges on {_sampler.SampleChars:N0} sampled chars of {_sampler.CharsSeen:N0} ({result.UniqueWords:N0} unique pre-tokens) in {result.Elapsed.TotalSeconds:F1}s -> {path}");
        if (result.VocabSize < options.VocabSize)
            context.Log.Warn($"[{context.StepId}] the sample ran out of pairs: vocabulary is {result.VocabSize}, not {options.VocabSize}");
        context.Metric("merges", result.Merges, "merges");
        context.Metric("sample_chars", _sampler.SampleChars, "chars");
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        return [new Artifact("tokenizer", path, new Dictionary<string, string>
        {
            ["vocab_size"] = result.VocabSize.ToString(inv),
            ["eot_id"] = result.EotId.ToString(inv),
            ["sha256"] = sha,
            ["format"] = "tiktoken",
        })];
    }
}
