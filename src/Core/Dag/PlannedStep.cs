using Pipeline.Core.Steps;

namespace Pipeline.Core.Dag;

/// <summary>A validated step: its declaration, descriptor and bound options.</summary>
public sealed record PlannedStep(DagStep Declaration, StepDescriptor Descriptor, object Options)
{
    /// <summary>Step id.</summary>
    public string Id => Declaration.Id;

    /// <summary>Stream inputs: needs on steps that produce documents.</summary>
    public List<NeedRef> StreamNeeds { get; } = [];

    /// <summary>Artifact inputs: needs on sinks and artifact steps.</summary>
    public List<NeedRef> ArtifactNeeds { get; } = [];

    /// <summary>
    /// The input paths the DAG wrote absolute (as resolved in <see cref="Options"/>): files they name are recorded
    /// absolute, others relative to the DAG folder (<see cref="Steps.StepContext.SourceName"/>).
    /// </summary>
    public IReadOnlySet<string> AbsoluteInputs => _absoluteInputs ??= FindAbsoluteInputs();

    private HashSet<string>? _absoluteInputs;

    private HashSet<string> FindAbsoluteInputs()
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (Declaration.With is not { ValueKind: System.Text.Json.JsonValueKind.Object } with) return set;
        foreach (var opt in Descriptor.Options.Where(o => o.Input is not null))
        {
            if (!with.TryGetProperty(opt.JsonName, out var v)) continue;
            var written = v.ValueKind switch
            {
                System.Text.Json.JsonValueKind.String => [v.GetString()!],
                System.Text.Json.JsonValueKind.Array => v.EnumerateArray().Where(e => e.ValueKind == System.Text.Json.JsonValueKind.String).Select(e => e.GetString()!),
                _ => Enumerable.Empty<string>(),
            };
            foreach (var w in written.Where(w => w.Length > 0 && Path.IsPathRooted(w))) set.Add(Path.GetFullPath(w));
        }
        return set;
    }
}
