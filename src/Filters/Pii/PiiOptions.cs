using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Pii;

/// <summary>Options of <c>filters.pii</c>.</summary>
public sealed class PiiOptions : IValidatableOptions
{
    [Description("Text, URL and every metadata string are scanned. tag: counts to meta only; redact: replace with <TYPE>; hash: replace with <TYPE:salted-sha256-prefix>; drop: drop documents holding PII.")]
    [AllowedValues("tag", "redact", "hash", "drop")]
    public string Mode { get; init; } = "redact";

    [Description("Entity types to detect (empty = all rule-based types): EMAIL, PHONE_NUMBER, IP_ADDRESS, CREDIT_CARD, US_SSN, IBAN_CODE, URL_CREDENTIALS; opt-in, found by the built-in entity model: PERSON, STREET_ADDRESS.")]
    public List<string> Types { get; init; } = [];

    [Description("Salt for mode 'hash' (keep it secret to stop dictionary reversal).")]
    public string Salt { get; init; } = "";

    [Description("Mode 'drop': drop when at least this many entities are found.")]
    [Range(1, int.MaxValue)]
    public int DropMinCount { get; init; } = 1;

    [Description("Mode 'drop': send dropped documents to the rejected port with their raw text, URL and metadata (PII and all). Default false: they leave redacted.")]
    public bool RejectedRawText { get; init; }

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate()
    {
        foreach (var t in Types)
            if (!PiiEntityTypes.Known.Contains(PiiEntityTypes.Canonical(t)))
                yield return ("types", $"unknown PII type '{t}'; known: {string.Join(", ", PiiEntityTypes.Known)}");
        if (Mode == "hash" && Salt.Length == 0) yield return ("salt", "mode 'hash' needs a non-empty salt");
    }
}
