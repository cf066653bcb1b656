using System.Globalization;
using Pipeline.Core.Steps;

namespace Pipeline.Train;

/// <summary><c>train.gpt</c>: pretrains a GPT on the "shards" artifact it needs.</summary>
internal sealed class TrainGptStep(TrainOptions options) : ArtifactStep
{
    public override async Task<IReadOnlyList<Artifact>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var shards = context.InputsOfKind("shards");
        string shardSet;
        if (options.Shards is { } given)
        {
            if (shards.Count > 0)
                throw new InvalidOperationException($"step '{context.StepId}' (train.gpt) has both with.shards and a shards step in its needs; keep one");
            shardSet = context.ResolveInput(given);
        }
        else if (shards.Count == 1) shardSet = shards[0].Path;
        else
            throw new InvalidOperationException($"step '{context.StepId}' (train.gpt) needs exactly one step producing a \"shards\" artifact (tokens.shards) in its needs, or with.shards naming a shard-set folder; found {shards.Count}");
        var output = context.OutputPath(options.Output);
        // loading shards and building the model can take a while: say so rather than show nothing done
        context.ReportProgress(0, options.Steps, "steps", "starting");
        var result = await Task.Factory.StartNew(
            () => GptTrainer.Run(options, shardSet, output, context.Ledger, context.Log, null, p => context.ReportProgress(p.Step, p.Steps, "steps",
                string.Create(CultureInfo.InvariantCulture, $"loss {p.Loss:F3}, {p.TokensPerSecond:N0} tok/s")), cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
        var props = new Dictionary<string, string>
        {
            ["step"] = result.Step.ToString(CultureInfo.InvariantCulture),
            ["device"] = result.Device,
            ["tokens_per_sec"] = result.TokensPerSecond.ToString("F1", CultureInfo.InvariantCulture),
        };
        if (result.LastValLoss is { } v) props["val_loss"] = v.ToString("R", CultureInfo.InvariantCulture);
        return
        [
            new Artifact("checkpoint", result.LatestCheckpoint, props),
            new Artifact("metrics", result.MetricsPath),
        ];
    }
}
