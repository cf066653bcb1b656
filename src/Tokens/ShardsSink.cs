using System.Globalization;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Tokens;

/// <summary><c>tokens.shards</c>: encodes the document stream into an llm.c shard set (see <see cref="ShardSetBuilder"/>).</summary>
internal sealed class ShardsSink(ShardsOptions options) : SinkStep
{
    private ShardSetBuilder? _builder;
    private TokenizerFile _tokenizer = null!;

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        _tokenizer = ResolveTokenizer(context, options);
        var mixture = new Dictionary<string, double>(StringComparer.Ordinal);
        if (!string.IsNullOrEmpty(options.MixtureFile))
            foreach (var (k, v) in MixtureWeights.Load(context.ResolveInput(options.MixtureFile))) mixture[k] = v;
        if (options.Mixture is not null)
            foreach (var (k, v) in options.Mixture) mixture[k] = v;
        var folder = context.OutputPath(options.Output);
        var ledger = context.Ledger;
        _builder = new ShardSetBuilder(folder, _tokenizer, options, mixture, ledger.Enabled ? ledger.Write : null);
        context.Log.Info($"[{context.StepId}] encoding with {_tokenizer.Name} (vocabulary {_tokenizer.VocabSize}, eot {_tokenizer.EotId}) -> {folder}");
        return ValueTask.CompletedTask;
    }

    internal static TokenizerFile ResolveTokenizer(StepContext context, ShardsOptions options)
    {
        if (!string.IsNullOrEmpty(options.Tokenizer))
            return TokenizerFile.Load(TokenizerFile.IsPrebuilt(options.Tokenizer) ? options.Tokenizer : context.ResolveInput(options.Tokenizer));
        var fromNeeds = context.InputsOfKind("tokenizer");
        if (fromNeeds.Count == 0)
            throw new InvalidOperationException($"[{context.StepId}] no tokenizer: set with.tokenizer (a rank file, cl100k_base or o200k_base) or list a tokens.train_bpe step in 'needs'");
        return TokenizerFile.Load(fromNeeds[0].Path);
    }

    public override ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        _builder!.Add(document);
        return ValueTask.CompletedTask;
    }

    public override async ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var builder = _builder!;
        var m = await Task.Run(builder.Complete, cancellationToken).ConfigureAwait(false);
        builder.Dispose();
        var inv = CultureInfo.InvariantCulture;
        context.Metric("train_tokens", m.TrainTokens, "tokens");
        context.Metric("val_tokens", m.ValTokens, "tokens");
        context.Metric("shards", m.Shards.Count, "files");
        context.Log.Info($"[{context.StepId}] {m.Documents:N0} documents -> {m.TrainTokens:N0} train + {m.ValTokens:N0} validation tokens in {m.Shards.Count} shards");
        return [new Artifact("shards", builder.Folder, new Dictionary<string, string>
        {
            ["manifest"] = Path.Combine(builder.Folder, ShardSetManifest.FileName),
            ["index"] = Path.Combine(builder.Folder, ShardSetManifest.IndexFileName),
            ["documents"] = m.Documents.ToString(inv),
            ["train_tokens"] = m.TrainTokens.ToString(inv),
            ["val_tokens"] = m.ValTokens.ToString(inv),
            ["shards"] = m.Shards.Count.ToString(inv),
            ["vocab_size"] = m.Tokenizer.VocabSize.ToString(inv),
            ["eot_id"] = m.Tokenizer.EotId.ToString(inv),
            ["shard_version"] = m.ShardVersion.ToString(inv),
            ["tokenizer"] = m.Tokenizer.Path ?? m.Tokenizer.Name,
        })];
    }

    public override ValueTask AbortAsync()
    {
        _builder?.Dispose();
        return ValueTask.CompletedTask;
    }
}
