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
}
