using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Pii;

/// <summary>
/// <c>filters.pii</c>: detect PII in the text, the URL and every metadata string; tag, redact, hash or drop. Counts go
/// to meta <c>pii_counts</c> and the ledger, never values. A dropped document leaves on the rejected port redacted
/// unless <see cref="PiiOptions.RejectedRawText"/>; the ledger is always given the redacted URL and metadata (in tag
/// mode too), so no detected value is recorded there.
/// </summary>
internal sealed class PiiFilter(PiiOptions options) : ProcessorStep
{
    private readonly PiiRedactor _redactor = new(new PiiDetector(options.Types), options.Mode == "hash", Encoding.UTF8.GetBytes(options.Salt));
    public override ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken) =>
        new(Decide(document, context));

    public override ValueTask ProcessBatchAsync(ReadOnlyMemory<Document> batch, Memory<Outcome> outcomes, StepContext context, CancellationToken cancellationToken)
    {
        var input = batch.Span;
        var output = outcomes.Span;
        for (int i = 0; i < input.Length; i++) output[i] = Decide(input[i], context);
        return ValueTask.CompletedTask;
    }

    private Outcome Decide(Document document, StepContext context)
    {
        var found = _redactor.Scan(document);
        if (found.Total == 0) return Outcome.Keep(document);
        var counts = found.Counts;
        var details = string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}"));
        if (found.Fields.Count > 0) details += " (also in " + string.Join(", ", found.Fields) + ")";
        var ledger = context.Ledger.Enabled ? context : null;
        if (ledger is not null)
            foreach (var kv in counts) ledger.Ledger.Write(new PiiCountRecord(document.Id, kv.Key, (int)kv.Value, options.Mode, ledger.StepId));
        var tagged = document.WithMeta("pii_counts", counts);
        bool metaFound = found.Url is not null || found.Meta is not null;
        switch (options.Mode)
        {
            case "tag":
                // the document keeps its values; the ledger gets the redacted URL and metadata
                if (metaFound && ledger is not null) ledger.Ledger.Write(new DocumentMetaChangedRecord(ledger.StepId, _redactor.Redact(document, found, tagged.Meta)));
                return Outcome.Keep(tagged);
            case "drop":
                if (found.Total < options.DropMinCount) return Outcome.Keep(tagged);
                var redacted = _redactor.Redact(document, found, tagged.Meta);
                if (metaFound && ledger is not null) ledger.Ledger.Write(new DocumentMetaChangedRecord(ledger.StepId, redacted));
                return Outcome.Drop(options.RejectedRawText ? tagged : redacted, "pii:found", details);
            default:
                return Outcome.Modify(_redactor.Redact(document, found, tagged.Meta), options.Mode == "hash" ? "pii:hashed" : "pii:redacted", details);
        }
    }
}
