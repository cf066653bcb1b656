using Pipeline.Core.Documents;

namespace Pipeline.Core.Ledger;

/// <summary>
/// A step changed metadata the ledger mirrors per document (<see cref="ILedger.MirroredMetaKeys"/>) or the document's URL
/// (e.g. the HTML extractor found the page's licence after the source entered the document; the PII filter redacts the URL).
/// </summary>
public sealed record DocumentMetaChangedRecord(string StepId, Document Document) : LedgerRecord
{
    /// <summary>True when <paramref name="after"/> differs from <paramref name="before"/> in its URL or any of <paramref name="keys"/>.</summary>
    public static bool Changed(Document before, Document after, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        ArgumentNullException.ThrowIfNull(keys);
        if (ReferenceEquals(before, after)) return false;
        if (!string.Equals(before.Source.Url, after.Source.Url, StringComparison.Ordinal)) return true;
        if (ReferenceEquals(before.Meta, after.Meta)) return false; // the common case on the runner's per-document path
        foreach (var k in keys)
            if (!before.Meta.SameValue(after.Meta, k)) return true;
        return false;
    }
}
