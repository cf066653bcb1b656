using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Util;

namespace Pipeline.Tokens;

/// <summary>
/// Builds a shard set (the engine of <c>tokens.shards</c>, usable on its own): documents are encoded in parallel
/// batches and placed in order, so the output does not depend on the thread count. Each document goes to train
/// or validation by a hash of its id; train documents are repeated or dropped per the domain's mixture weight
/// (deterministically by id hash); every document is followed by &lt;|endoftext|&gt;. <see cref="Complete"/> adds the
/// per-domain validation shards, index.jsonl and manifest.json. Disposing without completing deletes temporaries.
/// </summary>
public sealed class ShardSetBuilder : IDisposable
{
    /// <summary>Domain of documents without the domain key.</summary>
    public const string UnknownDomain = "unknown";

    /// <summary>Pool of the domains beyond <see cref="ShardsOptions.MaxDomains"/>.</summary>
    public const string OtherDomain = "other";

    private const int BatchDocuments = 1024;
    private const long BatchChars = 4 << 20;

    private readonly string _folder;
    private readonly TokenizerFile _tokenizer;
    private readonly ShardsOptions _options;
    private readonly IReadOnlyDictionary<string, double> _mixture;
    private readonly Action<ShardSpanRecord>? _onSpan;
    private readonly int _version;
    private readonly List<Document> _pending = [];
    private long _pendingChars;
    private readonly List<ShardEntry> _shards = [];
    private readonly SplitWriter _train;
    private readonly SplitWriter _val;
    private readonly AtomicFile _indexFile;
    private readonly StreamWriter _index;
    private readonly List<(TokenIndexEntry Row, string Group)> _valRows = [];
    private readonly Dictionary<string, DomainAcc> _domains = new(StringComparer.Ordinal);
    private long _documents;
    private bool _done;

    /// <summary>Starts a shard set in <paramref name="folder"/> (earlier shard-set files there are removed).</summary>
    /// <param name="folder">Output folder.</param>
    /// <param name="tokenizer">Tokenizer to encode with.</param>
    /// <param name="options">Shard size, split, domain and mixture options (<see cref="ShardsOptions.Tokenizer"/>, <see cref="ShardsOptions.Output"/> and <see cref="ShardsOptions.MixtureFile"/> are not read here).</param>
    /// <param name="mixture">Weights per domain (missing = 1.0); null for none.</param>
    /// <param name="onSpan">Called for every document placement (e.g. to write the ledger).</param>
    public ShardSetBuilder(string folder, TokenizerFile tokenizer, ShardsOptions options, IReadOnlyDictionary<string, double>? mixture = null, Action<ShardSpanRecord>? onSpan = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        ArgumentNullException.ThrowIfNull(options);
        _folder = Path.GetFullPath(folder);
        _tokenizer = tokenizer;
        _options = options;
        _mixture = mixture ?? new Dictionary<string, double>();
        _onSpan = onSpan;
        _version = ShardFormat.VersionFor(tokenizer.VocabSize);
        Directory.CreateDirectory(_folder);
        foreach (var pattern in new[] { "train_*.bin", "val_*.bin", ShardSetManifest.FileName, ShardSetManifest.IndexFileName })
            foreach (var f in Directory.EnumerateFiles(_folder, pattern)) File.Delete(f);
        _train = new SplitWriter(this, "train", "train", null);
        _val = new SplitWriter(this, "val", "val", null);
        _indexFile = new AtomicFile(Path.Combine(_folder, ShardSetManifest.IndexFileName));
        _index = new StreamWriter(_indexFile.Stream, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
    }

    /// <summary>The shard-set folder.</summary>
    public string Folder => _folder;

    /// <summary>Adds a document (encoded with the next batch).</summary>
    public void Add(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        ObjectDisposedException.ThrowIf(_done, this);
        _pending.Add(document);
        _pendingChars += document.Text.Length;
        if (_pending.Count >= BatchDocuments || _pendingChars >= BatchChars) Flush();
    }

    /// <summary>Encodes and places the buffered documents.</summary>
    public void Flush()
    {
        if (_pending.Count == 0) return;
        var encoded = new int[_pending.Count][];
        int workers = _options.Workers > 0 ? _options.Workers : Environment.ProcessorCount;
        Parallel.For(0, _pending.Count, new ParallelOptions { MaxDegreeOfParallelism = workers }, i =>
        {
            var list = new List<int>(_pending[i].Text.Length / 3 + 2);
            _tokenizer.Encode(_pending[i].Text, list);
            list.Add(_tokenizer.EotId);
            encoded[i] = list.ToArray();
        });
        for (int i = 0; i < _pending.Count; i++) Place(_pending[i], encoded[i]);
        _pending.Clear();
        _pendingChars = 0;
    }

    private void Place(Document doc, int[] tokens)
    {
        _documents++;
        var domain = doc.Meta.GetString(_options.DomainKey);
        if (string.IsNullOrEmpty(domain)) domain = UnknownDomain;
        if (!_domains.TryGetValue(domain, out var acc)) _domains[domain] = acc = new DomainAcc();
        acc.Documents++;
        if (HashFraction(doc.Id, 0x5EED) < _options.ValidationFraction)
        {
            var row = _val.Place(doc.Id, tokens, domain);
            _valRows.Add((row, domain));
            acc.ValDocuments++;
            acc.ValTokens += tokens.Length;
            return;
        }
        double w = _mixture.TryGetValue(domain, out var mw) ? mw : 1.0;
        double whole = Math.Floor(w);
        int copies = (int)whole + (HashFraction(doc.Id, 0x313C) < w - whole ? 1 : 0);
        for (int c = 0; c < copies; c++) _train.Place(doc.Id, tokens, domain);
        acc.TrainDocuments += copies;
        acc.TrainTokens += (long)copies * tokens.Length;
    }

    /// <summary>A number in [0, 1) from a hash of <paramref name="id"/> (stable across runs and machines).</summary>
    internal static double HashFraction(string id, long seed)
    {
        ulong h = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(id), seed);
        return (h >> 11) * (1.0 / (1UL << 53));
    }

    /// <summary>The ledger's split of the per-domain validation copies: not counted again in token totals.</summary>
    public const string ValidationCopySplit = "val_domain";

    private void Record(TokenIndexEntry row, string absoluteShard, bool copy)
    {
        _index.Write(TokenIndex.ToJsonLine(row));
        _onSpan?.Invoke(new ShardSpanRecord(absoluteShard, row.DocId, row.TokenStart, row.TokenCount, copy ? ValidationCopySplit : row.Split, row.Domain));
    }

    /// <summary>Finishes: per-domain validation shards, index.jsonl, manifest.json. Returns the manifest.</summary>
    public ShardSetManifest Complete()
    {
        ObjectDisposedException.ThrowIf(_done, this);
        Flush();
        _train.Finish(always: true);
        _val.Finish(always: true);

        // Domains: the largest by documents keep their name, the rest are pooled as "other".
        var ranked = _domains.OrderByDescending(kv => kv.Value.Documents).ThenBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key).ToList();
        var keep = new HashSet<string>(ranked.Take(_options.MaxDomains), StringComparer.Ordinal);
        string Group(string d) => keep.Contains(d) ? d : OtherDomain;

        var groupWriters = new SortedDictionary<string, SplitWriter>(StringComparer.Ordinal);
        var usedNames = new HashSet<string>(StringComparer.Ordinal);
        var readers = new Dictionary<string, ShardReader>(StringComparer.Ordinal);
        try
        {
            foreach (var (row, domain) in _valRows)
            {
                var g = Group(domain);
                if (!groupWriters.TryGetValue(g, out var gw))
                {
                    var safe = SafeName(g);
                    var name = safe;
                    for (int k = 2; !usedNames.Add(name); k++) name = safe + "-" + k.ToString(CultureInfo.InvariantCulture);
                    groupWriters[g] = gw = new SplitWriter(this, "val_" + name, "val", g);
                }
                if (!readers.TryGetValue(row.Shard, out var reader)) readers[row.Shard] = reader = ShardReader.Open(Path.Combine(_folder, row.Shard));
                gw.Place(row.DocId, reader.ReadWindow(row.TokenStart, checked((int)row.TokenCount)), row.Domain);
            }
        }
        finally
        {
            foreach (var r in readers.Values) r.Dispose();
        }
        foreach (var gw in groupWriters.Values) gw.Finish(always: false);

        _index.Flush();
        _index.Dispose();
        _indexFile.Commit();

        var stats = new SortedDictionary<string, DomainStats>(StringComparer.Ordinal);
        foreach (var (d, a) in _domains)
        {
            var g = Group(d);
            var s = stats.GetValueOrDefault(g) ?? new DomainStats { Weight = _mixture.TryGetValue(g, out var gwt) ? gwt : 1.0 };
            stats[g] = s with
            {
                Documents = s.Documents + a.Documents,
                TrainDocuments = s.TrainDocuments + a.TrainDocuments,
                TrainTokens = s.TrainTokens + a.TrainTokens,
                ValDocuments = s.ValDocuments + a.ValDocuments,
                ValTokens = s.ValTokens + a.ValTokens,
            };
        }
        var manifest = new ShardSetManifest
        {
            ShardVersion = _version,
            Tokenizer = _tokenizer.Info,
            ShardTokens = _options.ShardTokens,
            ValidationFraction = _options.ValidationFraction,
            DomainKey = _options.DomainKey,
            Shards = _shards.ToList(),
            Domains = stats,
            Mixture = new SortedDictionary<string, double>(_mixture.ToDictionary(), StringComparer.Ordinal),
            TrainTokens = _domains.Values.Sum(a => a.TrainTokens),
            ValTokens = _domains.Values.Sum(a => a.ValTokens),
            Documents = _documents,
        };
        manifest.Save(_folder);
        _done = true;
        return manifest with { Folder = _folder };
    }

    /// <summary>A file-name-safe form of a domain: lower-case letters, digits, '.', '-'; anything else '_'.</summary>
    internal static string SafeName(string domain)
    {
        var sb = new StringBuilder(domain.Length);
        foreach (var c in domain.ToLowerInvariant()) sb.Append(char.IsAsciiLetterOrDigit(c) || c is '.' or '-' ? c : '_');
        if (sb.Length == 0) sb.Append('_');
        if (sb.Length > 80) sb.Length = 80;
        return sb.ToString();
    }

    /// <summary>Deletes temporaries unless completed.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _train.Abort();
        _val.Abort();
        _index.Dispose();
        _indexFile.Dispose();
    }

    private sealed class DomainAcc
    {
        public long Documents, TrainDocuments, TrainTokens, ValDocuments, ValTokens;
    }

    /// <summary>Writes one split's shards (prefix_000000.bin, ...), rolling to a new file at the shard size.</summary>
    private sealed class SplitWriter(ShardSetBuilder owner, string prefix, string split, string? domain)
    {
        private ShardWriter? _current;
        private long _docs;
        private int _number;

        public TokenIndexEntry Place(string docId, int[] tokens, string? docDomain)
        {
            if (_current is not null && _current.TokenCount > 0 && _current.TokenCount + tokens.Length > owner._options.ShardTokens) Finish(always: false);
            _current ??= new ShardWriter(Path.Combine(owner._folder, FileName()), owner._version);
            var row = new TokenIndexEntry(docId, FileName(), _current.TokenCount, tokens.Length, split, docDomain);
            _current.Write(tokens);
            _docs++;
            owner.Record(row, _current.Path, copy: domain is not null);
            return row;
        }

        private string FileName() => $"{prefix}_{_number:D6}.bin";

        public void Finish(bool always)
        {
            if (_current is null && always && _number == 0)
                _current = new ShardWriter(Path.Combine(owner._folder, FileName()), owner._version);
            if (_current is null) return;
            _current.Commit();
            owner._shards.Add(new ShardEntry
            {
                File = FileName(),
                Split = split,
                Domain = domain,
                Tokens = _current.TokenCount,
                Documents = _docs,
                Sha256 = _current.Sha256!,
            });
            _current.Dispose();
            _current = null;
            _docs = 0;
            _number++;
        }

        public void Abort()
        {
            _current?.Dispose();
            _current = null;
        }
    }
}
