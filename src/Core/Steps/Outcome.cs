using Pipeline.Core.Documents;

namespace Pipeline.Core.Steps;

/// <summary>The result of a processor step for one document.</summary>
public readonly record struct Outcome(OutcomeAction Action, Document Document, string? Reason, string? Details)
{
    /// <summary>Keep the document (possibly with new metadata).</summary>
    public static Outcome Keep(Document document) => new(OutcomeAction.Kept, document, null, null);

    /// <summary>Keep a changed document; <paramref name="reason"/> says what changed (e.g. "pii:redacted").</summary>
    public static Outcome Modify(Document document, string reason, string? details = null) => new(OutcomeAction.Modified, document, reason, details);

    /// <summary>Drop the document. <paramref name="reason"/> names the rule: "gopher_quality:mean_word_length".</summary>
    public static Outcome Drop(Document document, string reason, string? details = null) => new(OutcomeAction.Dropped, document, reason, details);

    /// <summary>The document could not be processed.</summary>
    public static Outcome Error(Document document, string reason, string? details = null) => new(OutcomeAction.Error, document, reason, details);

    /// <summary>True when the document continues on the main output.</summary>
    public bool Passes => Action is OutcomeAction.Kept or OutcomeAction.Modified;
}
