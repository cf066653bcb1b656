namespace Pipeline.Core.Steps;

/// <summary>The four shapes a step can take.</summary>
public enum StepKind
{
    /// <summary>Produces documents (readers, generators).</summary>
    Source,
    /// <summary>Document in, document or drop out (filters, transforms).</summary>
    Processor,
    /// <summary>Consumes documents and writes artifacts.</summary>
    Sink,
    /// <summary>Runs once its inputs' artifacts are complete (training, audits).</summary>
    Artifact,
}
