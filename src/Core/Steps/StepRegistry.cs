namespace Pipeline.Core.Steps;

/// <summary>Maps <c>uses</c> names to step factories and their options records.</summary>
public sealed class StepRegistry
{
    private readonly SortedDictionary<string, StepDescriptor> _steps = new(StringComparer.Ordinal);

    /// <summary>All registered steps, by name.</summary>
    public IReadOnlyCollection<StepDescriptor> All => _steps.Values;

    /// <summary>The step named <paramref name="name"/>, or null.</summary>
    public StepDescriptor? Find(string name) => _steps.GetValueOrDefault(name);

    /// <summary>Registers a source step.</summary>
    public StepRegistry AddSource<TOptions>(string name, string summary, Func<TOptions, SourceStep> factory) where TOptions : class, new() =>
        Add(name, StepKind.Source, summary, factory, []);

    /// <summary>Registers a processor (filter/transform) step; it gets a "rejected" port for dropped documents.</summary>
    public StepRegistry AddProcessor<TOptions>(string name, string summary, Func<TOptions, ProcessorStep> factory) where TOptions : class, new() =>
        Add(name, StepKind.Processor, summary, factory, ["rejected"]);

    /// <summary>Registers a sink step.</summary>
    public StepRegistry AddSink<TOptions>(string name, string summary, Func<TOptions, SinkStep> factory) where TOptions : class, new() =>
        Add(name, StepKind.Sink, summary, factory, []);

    /// <summary>Registers an artifact step.</summary>
    public StepRegistry AddArtifact<TOptions>(string name, string summary, Func<TOptions, ArtifactStep> factory) where TOptions : class, new() =>
        Add(name, StepKind.Artifact, summary, factory, []);

    private StepRegistry Add<TOptions>(string name, StepKind kind, string summary, Func<TOptions, Step> factory, IReadOnlyList<string> ports)
        where TOptions : class, new()
    {
        if (_steps.ContainsKey(name)) throw new InvalidOperationException($"step '{name}' is registered twice");
        _steps[name] = new StepDescriptor(name, kind, summary, typeof(TOptions), o => factory((TOptions)o), ports);
        return this;
    }
}
