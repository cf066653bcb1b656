using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Ledger;

/// <summary>A source file opened by a reader (<c>sources</c>).</summary>
public sealed record SourceFileRecord(string Path, long SizeBytes, string Sha256, string Format) : LedgerRecord;

/// <summary>A document produced by a source step (<c>documents</c>).</summary>
public sealed record DocumentEnteredRecord(string StepId, Document Document) : LedgerRecord;

/// <summary>
/// A step changed metadata the ledger keeps per document (licence, opt-out, language, title, domain, host) or its URL
/// (the PII filter redacts it), e.g. the
/// HTML extractor found the page's licence after the WARC reader entered the document (<c>document_updates</c>; the
/// latest values are applied to <c>documents</c> when the run completes).
/// </summary>
public sealed record DocumentMetaChangedRecord(string StepId, Document Document) : LedgerRecord
{
    /// <summary>The metadata keys mirrored in the ledger's <c>documents</c> table.</summary>
    public static readonly string[] Keys = ["domain", "host", "licence", "licence_evidence", "opt_out", "language", "title"];

    /// <summary>True when <paramref name="after"/> differs from <paramref name="before"/> in its URL or any of <see cref="Keys"/>.</summary>
    public static bool Changed(Document before, Document after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        if (ReferenceEquals(before, after)) return false;
        return !string.Equals(before.Source.Url, after.Source.Url, StringComparison.Ordinal) || Changed(before.Meta, after.Meta);
    }

    /// <summary>True when <paramref name="after"/> differs from <paramref name="before"/> in any of <see cref="Keys"/>.</summary>
    public static bool Changed(Meta before, Meta after)
    {
        if (ReferenceEquals(before, after)) return false; // the common case on the runner's per-document path
        foreach (var k in Keys)
            if (!before.SameValue(after, k)) return true;
        return false;
    }
}

/// <summary>A step's decision about a document (<c>events</c>).</summary>
public sealed record DocumentEventRecord(string DocumentId, string StepId, OutcomeAction Action, string? Reason, string? Details) : LedgerRecord;

/// <summary>A document written by a sink to <paramref name="OutputPath"/> (<c>events</c> action "written" + <c>outputs</c>).</summary>
public sealed record DocumentWrittenRecord(string DocumentId, string StepId, string OutputPath) : LedgerRecord;

/// <summary>A bad record or document reported by a step (<c>events</c> action "error").</summary>
public sealed record StepErrorRecord(string StepId, string Reason, string Message, string? File, long? Offset, string? DocumentId) : LedgerRecord;

/// <summary>A member of a near-duplicate cluster (<c>dedup_clusters</c>).</summary>
public sealed record DedupClusterRecord(string ClusterId, string DocumentId, string RepresentativeId, double Similarity, string StepId) : LedgerRecord;

/// <summary>PII found in a document: type and count, never the value (<c>pii_redactions</c>).</summary>
public sealed record PiiCountRecord(string DocumentId, string EntityType, int Count, string Mode, string StepId) : LedgerRecord;

/// <summary>Where a document's tokens landed (<c>shards</c>).</summary>
public sealed record ShardSpanRecord(string ShardFile, string DocumentId, long TokenStart, long TokenCount, string Split, string? Domain) : LedgerRecord;

/// <summary>A saved training checkpoint and the token range it has trained on (<c>checkpoints</c>).</summary>
public sealed record CheckpointRecord(string Path, long Step, long TokensSeen, double? TrainLoss, double? ValLoss, string ShardSet, DateTimeOffset SavedAt) : LedgerRecord;

/// <summary>One step's metrics in training (<c>train_metrics</c>).</summary>
public sealed record TrainMetricRecord(long Step, double Loss, double LearningRate, double GradNorm, double TokensPerSecond, string BatchRef) : LedgerRecord;

/// <summary>An audit result (<c>audits</c>).</summary>
public sealed record AuditRecord(string Checkpoint, string Kind, string? Domain, string Metric, double Value, string? Details) : LedgerRecord;

/// <summary>An artifact a step produced (<c>artifacts</c>).</summary>
public sealed record ArtifactRecord(string StepId, Artifact Artifact) : LedgerRecord;

/// <summary>A takedown applied (<c>takedowns</c>).</summary>
public sealed record TakedownRecord(string Selector, int Documents, string AffectedArtifacts, DateTimeOffset AppliedAt) : LedgerRecord;
