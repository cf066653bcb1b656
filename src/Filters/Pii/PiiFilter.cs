using System.Security.Cryptography;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Pii;

/// <summary><c>filters.pii</c>: detect PII; tag, redact, hash or drop. Counts go to meta <c>pii_counts</c> and the ledger, never values.</summary>
internal sealed class PiiFilter(PiiOptions options) : FilterStep
{
    private readonly PiiDetector _detector = new(options.Types);
    private readonly byte[] _salt = Encoding.UTF8.GetBytes(options.Salt);
    private StepContext? _context;

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        _context = context;
        return ValueTask.CompletedTask;
    }

    protected override Outcome Decide(Document document)
    {
        var matches = _detector.Detect(document.Text);
        if (matches.Count == 0) return Outcome.Keep(document);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var m in matches) counts[m.Type] = counts.GetValueOrDefault(m.Type) + 1;
        var details = string.Join(", ", counts.Select(kv => $"{kv.Key}={kv.Value}"));
        if (_context is { Ledger.Enabled: true } ctx)
            foreach (var kv in counts) ctx.Ledger.Write(new PiiCountRecord(document.Id, kv.Key, (int)kv.Value, options.Mode, ctx.StepId));
        var tagged = document.WithMeta("pii_counts", counts);
        switch (options.Mode)
        {
            case "tag":
                return Outcome.Keep(tagged);
            case "drop":
                return matches.Count >= options.DropMinCount ? Outcome.Drop(tagged, "pii:found", details) : Outcome.Keep(tagged);
            default:
                bool hash = options.Mode == "hash";
                var text = document.Text;
                var sb = new StringBuilder(text.Length);
                int pos = 0;
                foreach (var m in matches)
                {
                    sb.Append(text, pos, m.Start - pos);
                    sb.Append('<').Append(m.Type);
                    if (hash) sb.Append(':').Append(Hash(text.AsSpan(m.Start, m.Length)));
                    sb.Append('>');
                    pos = m.End;
                }
                sb.Append(text, pos, text.Length - pos);
                return Outcome.Modify(tagged with { Text = sb.ToString() }, hash ? "pii:hashed" : "pii:redacted", details);
        }
    }

    private string Hash(ReadOnlySpan<char> value)
    {
        var bytes = new byte[_salt.Length + Encoding.UTF8.GetMaxByteCount(value.Length)];
        _salt.CopyTo(bytes, 0);
        int n = Encoding.UTF8.GetBytes(value, bytes.AsSpan(_salt.Length));
        var digest = SHA256.HashData(bytes.AsSpan(0, _salt.Length + n));
        return Convert.ToHexStringLower(digest.AsSpan(0, 8));
    }
}
