using Pipeline.Train;

namespace Pipeline.Audit;

/// <summary>A trained checkpoint (<see cref="GptCheckpoint"/>) as an <see cref="ITokenScorer"/>.</summary>
internal sealed class CheckpointScorer(GptCheckpoint checkpoint) : ITokenScorer
{
    public GptCheckpoint Checkpoint { get; } = checkpoint;

    public int ContextLength => Checkpoint.Config.Context;

    public static CheckpointScorer Open(string folder, string device)
    {
        try
        {
            return new CheckpointScorer(GptCheckpoint.Load(folder, device));
        }
        catch (FileNotFoundException ex)
        {
            throw new AuditInputException($"{folder}: cannot load checkpoint ({ex.Message})", ex);
        }
    }

    public double[] LogProbs(ReadOnlySpan<int> tokens)
    {
        var lp = Checkpoint.TokenLogProbs(tokens);
        var result = new double[lp.Length];
        for (int i = 0; i < lp.Length; i++) result[i] = lp[i];
        return result;
    }

    public void Dispose() => Checkpoint.Dispose();
}
