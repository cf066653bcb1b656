using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

/// <summary>Counts the lines of its input "documents" artifacts.</summary>
public sealed class CountArtifact(CountArtifactOptions options) : ArtifactStep
{
    public override async Task<IReadOnlyList<Artifact>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        long lines = 0;
        foreach (var a in context.InputsOfKind("documents"))
            lines += (await File.ReadAllLinesAsync(a.Path, cancellationToken)).Length;
        await File.WriteAllTextAsync(options.Path, lines.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        return [new Artifact("count", options.Path)];
    }
}
