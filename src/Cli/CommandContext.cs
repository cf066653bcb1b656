namespace Pipeline.Cli;

/// <summary>What commands get: output writers, the step registry and the cancellation token.</summary>
internal sealed class CommandContext(TextWriter @out, TextWriter error, Core.Steps.StepRegistry registry, CancellationToken cancellationToken)
{
    public TextWriter Out { get; } = @out;
    public TextWriter Error { get; } = error;
    public Core.Steps.StepRegistry Registry { get; } = registry;
    public CancellationToken CancellationToken { get; } = cancellationToken;
    public bool Interactive { get; init; }
}
