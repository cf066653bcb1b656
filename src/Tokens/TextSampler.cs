namespace Pipeline.Tokens;

/// <summary>
/// A uniform random sample of a text stream within a fixed character budget: text is cut into chunks of about
/// <c>chunkChars</c> characters (at whitespace; small documents are packed together) and a reservoir keeps
/// <c>budget / chunkChars</c> of them, so memory stays bounded whatever the stream's length. Deterministic for a seed.
/// </summary>
public sealed class TextSampler
{
    private readonly int _chunkChars;
    private readonly int _capacity;
    private readonly List<string> _reservoir = [];
    private readonly List<int> _separators = [];
    private readonly System.Text.StringBuilder _pending = new();
    private int _pendingSeparators;
    private readonly Random _random;
    private long _chunksSeen;

    /// <summary>Keeps about <paramref name="budgetChars"/> characters in chunks of about <paramref name="chunkChars"/>.</summary>
    public TextSampler(long budgetChars, int seed = 1234, int chunkChars = 4096)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkChars, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(budgetChars, chunkChars);
        _chunkChars = chunkChars;
        _capacity = (int)Math.Min(int.MaxValue / 2, budgetChars / chunkChars);
        _random = new Random(seed);
    }

    /// <summary>Characters offered so far.</summary>
    public long CharsSeen { get; private set; }

    /// <summary>Adds one document's text (documents are separated by a newline inside packed chunks).</summary>
    public void Add(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        CharsSeen += text.Length;
        int pos = 0;
        while (text.Length - pos > _chunkChars)
        {
            int end = pos + _chunkChars;
            int cut = end;
            while (cut > pos + _chunkChars / 2 && !char.IsWhiteSpace(text[cut - 1])) cut--;
            if (cut <= pos + _chunkChars / 2) cut = end;
            if (char.IsHighSurrogate(text[cut - 1])) cut--;
            Offer(text.Substring(pos, cut - pos), 0);
            pos = cut;
        }
        if (pos < text.Length)
        {
            if (_pending.Length > 0 && _pending.Length + 1 + (text.Length - pos) > _chunkChars) FlushPending();
            if (_pending.Length > 0)
            {
                _pending.Append('\n');
                _pendingSeparators++;
            }
            _pending.Append(text, pos, text.Length - pos);
            if (_pending.Length >= _chunkChars) FlushPending();
        }
    }

    private void FlushPending()
    {
        if (_pending.Length == 0) return;
        Offer(_pending.ToString(), _pendingSeparators);
        _pending.Clear();
        _pendingSeparators = 0;
    }

    private void Offer(string chunk, int separators)
    {
        _chunksSeen++;
        if (_reservoir.Count < _capacity)
        {
            _reservoir.Add(chunk);
            _separators.Add(separators);
            return;
        }
        long j = _random.NextInt64(_chunksSeen);
        if (j < _capacity)
        {
            _reservoir[(int)j] = chunk;
            _separators[(int)j] = separators;
        }
    }

    /// <summary>The sample (call after the last <see cref="Add"/>).</summary>
    public IReadOnlyList<string> Sample()
    {
        FlushPending();
        return _reservoir;
    }

    /// <summary>
    /// Characters of documents held in the sample, comparable with <see cref="CharsSeen"/> (the newlines that separate
    /// documents packed into one chunk are not counted: they were never in the stream).
    /// </summary>
    public long SampleChars => _reservoir.Sum(s => (long)s.Length) - _separators.Sum(x => (long)x) + _pending.Length - _pendingSeparators;
}
