using Pipeline.Core.Dag;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>
/// The runner's one writer of engine records for a step: documents entering, decisions, metadata changes,
/// documents written and artifacts. A step the run does not own (stage 3 re-running upstream steps) gets
/// a disabled emitter.
/// </summary>
internal sealed class LedgerEmitter(ILedger ledger, string stepId)
{
    /// <summary>False when nothing is recorded (callers may skip work).</summary>
    public bool Enabled { get; } = ledger.Enabled;

    private readonly bool _keptEvents = ledger.Enabled && ledger.RecordKeptEvents;
    private readonly IReadOnlyList<string> _mirrored = ledger.MirroredMetaKeys;

    /// <summary>The ledger this emitter writes to.</summary>
    public ILedger Ledger => ledger;

    /// <summary>A source produced <paramref name="document"/>.</summary>
    public void Entered(Document document)
    {
        if (Enabled) ledger.Write(new DocumentEnteredRecord(stepId, document));
    }

    /// <summary>A processor decided about <paramref name="input"/>: drops, errors and modifications are recorded (kept
    /// documents only when the ledger asks for kept events), and so are changes of mirrored metadata.</summary>
    public void Decided(Document input, in Outcome outcome, string? reason)
    {
        if (!Enabled) return;
        var action = outcome.Action;
        if (action != OutcomeAction.Kept || _keptEvents)
            ledger.Write(new DocumentEventRecord(input.Id, stepId, action, reason, outcome.Details));
        if (outcome.Passes && DocumentMetaChangedRecord.Changed(input, outcome.Document, _mirrored))
            ledger.Write(new DocumentMetaChangedRecord(stepId, outcome.Document));
    }

    /// <summary>Waits (without blocking a thread) while the ledger's queue is full; loops call it once per batch.</summary>
    public ValueTask WaitForRoomAsync(CancellationToken ct) => Enabled ? ledger.WaitForRoomAsync(ct) : ValueTask.CompletedTask;

    /// <summary>A sink consumed <paramref name="document"/>.</summary>
    public void Written(Document document)
    {
        if (Enabled) ledger.Write(new DocumentWrittenRecord(document.Id, stepId, ""));
    }

    /// <summary>The step published <paramref name="artifacts"/>.</summary>
    public void Published(PlannedStep step, IReadOnlyList<Artifact> artifacts)
    {
        if (!Enabled) return;
        foreach (var a in artifacts) ledger.Write(new ArtifactRecord(stepId, WithPort(step, a)));
    }

    /// <summary>
    /// A documents artifact of a sink fed only by rejected ports is marked <c>port: rejected</c> (the ledger's
    /// <c>accounting.written</c> counts main outputs only); one fed by both gets <c>port: mixed</c>.
    /// </summary>
    private static Artifact WithPort(PlannedStep s, Artifact a)
    {
        if (a.Kind != "documents" || s.StreamNeeds.Count == 0) return a;
        int rejected = s.StreamNeeds.Count(n => n.Port == "rejected");
        if (rejected == 0) return a;
        var props = a.Properties is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(a.Properties, StringComparer.Ordinal);
        props["port"] = rejected == s.StreamNeeds.Count ? "rejected" : "mixed";
        return a with { Properties = props };
    }
}
