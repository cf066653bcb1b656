using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Dedup;

/// <summary>
/// <c>dedup.exact</c>: XxHash128 of the normalised text (or of a URL / metadata key); the first occurrence in
/// input order is kept, later ones are dropped with the kept document's id.
/// </summary>
internal sealed class ExactDedupStep(ExactDedupOptions options) : ProcessorStep
{
    public const string DropReason = "dedup_exact:duplicate";

    private readonly Dictionary<UInt128, int> _seen = [];
    private readonly StringStore _ids = new();
    private readonly ParallelOptions _parallel = new() { MaxDegreeOfParallelism = options.Threads <= 0 ? Environment.ProcessorCount : options.Threads };
    private UInt128[] _hashes = [];
    private bool[] _present = [];

    public override bool Sequential => true;

    public override async ValueTask<Outcome> ProcessAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        var outcomes = new Outcome[1];
        await ProcessBatchAsync(new[] { document }, outcomes, context, cancellationToken).ConfigureAwait(false);
        return outcomes[0];
    }

    public override ValueTask ProcessBatchAsync(ReadOnlyMemory<Document> batch, Memory<Outcome> outcomes, StepContext context, CancellationToken cancellationToken)
    {
        int n = batch.Length;
        if (_hashes.Length < n)
        {
            _hashes = new UInt128[n];
            _present = new bool[n];
        }
        if (n >= 64) Parallel.For(0, n, _parallel, i => _present[i] = TryHash(batch.Span[i], options, out _hashes[i]));
        else for (int i = 0; i < n; i++) _present[i] = TryHash(batch.Span[i], options, out _hashes[i]);
        cancellationToken.ThrowIfCancellationRequested();
        var docs = batch.Span;
        var outs = outcomes.Span;
        for (int i = 0; i < n; i++)
        {
            var doc = docs[i];
            if (!_present[i])
            {
                outs[i] = Outcome.Keep(doc);
                continue;
            }
            ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_seen, _hashes[i], out bool exists);
            if (exists)
            {
                outs[i] = DuplicateOutcome(doc, _ids[slot]);
            }
            else
            {
                slot = _ids.Add(doc.Id);
                outs[i] = Outcome.Keep(doc);
            }
        }
        return ValueTask.CompletedTask;
    }

    /// <summary>The removal of an exact duplicate of <paramref name="keptId"/> (also what <c>dedup.exact_filter</c> emits).</summary>
    internal static Outcome DuplicateOutcome(Document doc, string keptId) => Outcome.Drop(doc.WithMeta("duplicate_of", keptId), DropReason, keptId);

    /// <summary>The 128-bit hash of the document's key; false when the document has no such key (it is kept).</summary>
    internal static bool TryHash(Document doc, ExactKeyOptions options, out UInt128 hash)
    {
        string? value = options.Key switch
        {
            "text" => Normalise(doc.Text, options.Normalize),
            "url" => doc.Source.Url,
            _ => doc.Meta.GetString(options.Key),
        };
        if (value is null)
        {
            hash = default;
            return false;
        }
        hash = XxHash128.HashToUInt128(MemoryMarshal.AsBytes(value.AsSpan()));
        return true;
    }

    /// <summary>The text as compared by <c>dedup.exact</c> under <paramref name="mode"/>.</summary>
    internal static string Normalise(string text, string mode)
    {
        if (mode == "none") return text;
        bool lower = mode is "lower" or "full", full = mode == "full";
        var sb = new StringBuilder(text.Length);
        bool space = false;
        foreach (char c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = sb.Length > 0;
                continue;
            }
            char m = c;
            if (full)
            {
                if (char.IsDigit(m)) m = '0';
                else if (char.IsPunctuation(m) || char.IsSymbol(m)) continue;
            }
            if (lower) m = char.ToLowerInvariant(m);
            if (space)
            {
                sb.Append(' ');
                space = false;
            }
            sb.Append(m);
        }
        return sb.ToString();
    }
}
