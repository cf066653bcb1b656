using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Tokens;

/// <summary>Registers the steps of Pipeline.Tokens.</summary>
public static class TokensModule
{
    /// <summary>Table mappings of this assembly's ledger records (<see cref="ShardSpanRecord"/> → <c>shards</c>).</summary>
    public static LedgerMappings LedgerMappings()
    {
        var shards = new LedgerTable("shards", ("shard_file", LedgerColumnType.Text), ("shard_name", LedgerColumnType.Text), ("shard_set", LedgerColumnType.Text),
            ("doc_id", LedgerColumnType.Text), ("token_start", LedgerColumnType.BigInt), ("token_count", LedgerColumnType.BigInt),
            ("split", LedgerColumnType.Text), ("domain", LedgerColumnType.Text));
        return new LedgerMappings().Map<ShardSpanRecord>((r, w) =>
        {
            var file = r.ShardFile.Replace('\\', '/');
            int slash = file.LastIndexOf('/');
            w.Row(shards).Text(file).Text(slash >= 0 ? file[(slash + 1)..] : file).Text(slash >= 0 ? file[..slash] : "")
                .Text(r.DocumentId).BigInt(r.TokenStart).BigInt(r.TokenCount).Text(r.Split).Text(r.Domain).End();
        }, shards);
    }

    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddSink<TrainBpeOptions>("tokens.train_bpe",
            "Train a byte-level BPE tokenizer (GPT-4 pre-tokenisation) on a bounded sample of the stream; writes a tiktoken rank file",
            o => new TrainBpeSink(o));
        registry.AddSink<ShardsOptions>("tokens.shards",
            "Encode documents into llm.c token shards (train/val split, per-domain validation, mixture weights) with manifest.json and index.jsonl",
            o => new ShardsSink(o));
    }
}
