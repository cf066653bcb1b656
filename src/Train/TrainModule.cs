using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Train;

/// <summary>Registers the steps of Pipeline.Train.</summary>
public static class TrainModule
{
    /// <summary>Table mappings of this assembly's ledger records (<see cref="CheckpointRecord"/> → <c>checkpoints</c>,
    /// <see cref="TrainMetricRecord"/> → <c>train_metrics</c> and its batch's shard ranges → <c>train_batches</c>).</summary>
    public static LedgerMappings LedgerMappings()
    {
        var checkpoints = new LedgerTable("checkpoints", ("path", LedgerColumnType.Text), ("step", LedgerColumnType.BigInt), ("tokens_seen", LedgerColumnType.BigInt),
            ("train_loss", LedgerColumnType.Double), ("val_loss", LedgerColumnType.Double), ("shard_set", LedgerColumnType.Text), ("saved_at", LedgerColumnType.Timestamp));
        var metrics = new LedgerTable("train_metrics", ("step", LedgerColumnType.BigInt), ("loss", LedgerColumnType.Double), ("learning_rate", LedgerColumnType.Double),
            ("grad_norm", LedgerColumnType.Double), ("tokens_per_sec", LedgerColumnType.Double), ("batch_ref", LedgerColumnType.Text));
        var batches = new LedgerTable("train_batches", ("step", LedgerColumnType.BigInt), ("shard", LedgerColumnType.Text),
            ("token_offset", LedgerColumnType.BigInt), ("token_length", LedgerColumnType.BigInt));
        return new LedgerMappings()
            .Map<CheckpointRecord>((r, w) => w.Row(checkpoints).Text(r.Path.Replace('\\', '/')).BigInt(r.Step).BigInt(r.TokensSeen).Double(r.TrainLoss)
                .Double(r.ValLoss).Text(r.ShardSet.Replace('\\', '/').TrimEnd('/')).Timestamp(r.SavedAt).End(), checkpoints)
            .Map<TrainMetricRecord>((r, w) =>
            {
                w.Row(metrics).BigInt(r.Step).Double(r.Loss).Double(r.LearningRate).Double(r.GradNorm).Double(r.TokensPerSecond).Text(r.BatchRef).End();
                foreach (var (shard, offset, length) in BatchRanges(r.BatchRef))
                    w.Row(batches).BigInt(r.Step).Text(shard).BigInt(offset).BigInt(length).End();
            }, metrics, batches);
    }

    /// <summary>Parses a training step's batch reference: [{"shard":..,"offset":..,"length":..}, ...] (anything else: none).</summary>
    internal static List<(string Shard, long Offset, long Length)> BatchRanges(string batchRef)
    {
        var result = new List<(string, long, long)>();
        if (string.IsNullOrWhiteSpace(batchRef) || batchRef[0] != '[') return result;
        try
        {
            using var doc = System.Text.Json.JsonDocument.Parse(batchRef);
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != System.Text.Json.JsonValueKind.Object) continue;
                if (!e.TryGetProperty("shard", out var shard) || shard.ValueKind != System.Text.Json.JsonValueKind.String) continue;
                if (!e.TryGetProperty("offset", out var off) || !off.TryGetInt64(out var offset)) continue;
                long length = e.TryGetProperty("length", out var len) && len.TryGetInt64(out var l) ? l : 1;
                var name = shard.GetString()!.Replace('\\', '/');
                result.Add((name[(name.LastIndexOf('/') + 1)..], offset, length));
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // not a batch list: the raw text stays in train_metrics.batch_ref
        }
        return result;
    }

    /// <summary>Adds this assembly's steps to <paramref name="registry"/>.</summary>
    public static void Register(StepRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(registry);
        registry.AddArtifact<TrainOptions>("train.gpt",
            "Pretrain a GPT-2-style model on a shard set (AdamW, warm-up + cosine LR, eval, checkpoints, resume)",
            o => new TrainGptStep(o));
    }
}
