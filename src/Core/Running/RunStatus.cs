namespace Pipeline.Core.Running;

/// <summary>How a run ended.</summary>
public enum RunStatus
{
    /// <summary>All steps finished.</summary>
    Completed,
    /// <summary>A step failed.</summary>
    Failed,
    /// <summary>Stopped by Ctrl-C, SIGTERM or a token.</summary>
    Cancelled,
    /// <summary>This task had completed before; nothing ran.</summary>
    Skipped,
    /// <summary>The output folder holds this task from another DAG or task count; nothing ran (exit 2).</summary>
    Refused,
    /// <summary>All steps finished, but a <c>fail_on</c> gate tripped.</summary>
    GateFailed,
}
