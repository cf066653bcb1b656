using System.Globalization;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Dedup;

/// <summary>
/// <c>dedup.minhash_signatures</c>: the first stage of staged dedup. Writes every document's id and MinHash
/// signature, in input order, to this task's signature file; <c>pipeline dedup cluster</c> reads all tasks' files.
/// </summary>
internal sealed class MinHashSignaturesSink(MinHashSignaturesOptions options) : SinkStep
{
    private const int BatchSize = 512;
    private readonly MinHashSettings _settings = options.Resolve();
    private readonly List<Document> _pending = new(BatchSize);
    private SignatureBatch? _batch;
    private AtomicFile? _file;
    private BufferedStream? _out;
    private StepContext? _ctx;
    private BucketFileWriter? _buckets;
    private long _documents;
    private long _offset = SignatureFile.CurrentPreambleSize;

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        _ctx = context;
        _batch = new SignatureBatch(_settings, options.Threads);
        _file = new AtomicFile(context.OutputPath(options.Path));
        _out = new BufferedStream(_file.Stream, 1 << 20);
        SignatureFile.WriteHeader(_out, Header(0));
        if (options.BucketFile) _buckets = new BucketFileWriter(BucketFile.PathFor(_file.FinalPath), _settings.Bands);
        return ValueTask.CompletedTask;
    }

    private SignatureFile.Header Header(long documents) => new(_settings.ShingleSize, _settings.NumPerm, _settings.Bands, _settings.Rows,
        _settings.Threshold, _settings.Seed, _ctx!.Run.TaskIndex, _ctx.Run.TaskCount, documents, _settings.VerifyExact, _ctx.Run.DagHash);

    public override ValueTask WriteAsync(Document document, CancellationToken cancellationToken)
    {
        _pending.Add(document);
        if (_pending.Count >= BatchSize) Flush();
        return ValueTask.CompletedTask;
    }

    private void Flush()
    {
        var b = _batch!;
        b.Compute(_pending);
        for (int i = 0; i < _pending.Count; i++)
        {
            if (_buckets is not null && b.HasWords[i]) _buckets.Add(b.BandsOf(i), BucketFile.Reference(_ctx!.Run.TaskIndex, _offset));
            _offset += SignatureFile.WriteRecord(_out!, _pending[i].Id, b.HasWords[i], b.FullOf(i), b.EncodedOf(i), _settings.VerifyExact);
        }
        _documents += _pending.Count;
        _pending.Clear();
    }

    public override ValueTask<IReadOnlyList<Artifact>> CompleteAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count > 0) Flush();
        _out!.Flush();
        _file!.Stream.Position = 0;
        SignatureFile.WriteHeader(_file.Stream, Header(_documents));
        // the bucket file first: a signature file without its bucket file is never published
        _buckets?.Complete(new BucketFile.Header(_settings.Bands, _settings.Rows, _ctx!.Run.TaskIndex, _ctx.Run.TaskCount, 0, _settings.Seed, _ctx.Run.DagHash), cancellationToken);
        _buckets?.Dispose();
        _file.Commit();
        var inv = CultureInfo.InvariantCulture;
        return ValueTask.FromResult<IReadOnlyList<Artifact>>([new Artifact("minhash_signatures", _file.FinalPath, new Dictionary<string, string>
        {
            ["documents"] = _documents.ToString(inv),
            ["bands"] = _settings.Bands.ToString(inv),
            ["rows"] = _settings.Rows.ToString(inv),
            ["task_index"] = _ctx!.Run.TaskIndex.ToString(inv),
            ["task_count"] = _ctx.Run.TaskCount.ToString(inv),
        })]);
    }

    public override ValueTask AbortAsync()
    {
        _file?.Dispose();
        _buckets?.Dispose();
        return ValueTask.CompletedTask;
    }
}
