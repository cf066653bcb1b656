namespace Pipeline.Core.Steps;

/// <summary>What a step did with a document (the ledger's <c>events.action</c>).</summary>
public enum OutcomeAction
{
    /// <summary>Passed on unchanged (metadata may have been added).</summary>
    Kept,
    /// <summary>Passed on with changed text.</summary>
    Modified,
    /// <summary>Removed from the main stream, sent to the <c>rejected</c> port.</summary>
    Dropped,
    /// <summary>Could not be processed; counted as an error and removed.</summary>
    Error,
}
