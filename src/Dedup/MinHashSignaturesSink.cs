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
    private BucketFileWriter? _buckets;
    private long _documents;
    private long _offset = SignatureFile.CurrentPreambleSize;

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        _batch = new SignatureBatch(_settings, options.Threads);
        _file = new AtomicFile(context.OutputPath(options.Path));
        _out = new BufferedStream(_file.Stream, 1 << 20);
        SignatureFile.WriteHeader(_out, Header(context, 0));
        if (options.BucketFile) _buckets = new BucketFileWriter(BucketFile.PathFor(_file.FinalPath), _settings.Bands);
        return ValueTask.CompletedTask;
    }

    private SignatureFile.Header Header(StepContext context, long documents) => new(_settings.ShingleSize, _settings.NumPerm, _settings.Bands, _settings.Rows,
        _settings.Threshold, _settings.Seed, context.Run.TaskIndex, context.Run.TaskCount, documents, _settings.VerifyExact, context.Run.DagHash);

    public override ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        _pending.Add(document);
        if (_pending.Count >= BatchSize) Flush(context.Run.TaskIndex);
        return ValueTask.CompletedTask;
    }

    private void Flush(int taskIndex)
    {
        var b = _batch!;
        b.Compute(_pending);
        for (int i = 0; i < _pending.Count; i++)
        {
            if (_buckets is not null && b.HasWords[i]) _buckets.Add(b.BandsOf(i), BucketFile.Reference(taskIndex, _offset));
            _offset += SignatureFile.WriteRecord(_out!, _pending[i].Id, b.HasWords[i], b.FullOf(i), b.EncodedOf(i), _settings.VerifyExact);
        }
        _documents += _pending.Count;
        _pending.Clear();
    }

    public override ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (_pending.Count > 0) Flush(context.Run.TaskIndex);
        _out!.Flush();
        _file!.Stream.Position = 0;
        SignatureFile.WriteHeader(_file.Stream, Header(context, _documents));
        // the bucket file first: a signature file without its bucket file is never published
        _buckets?.Complete(new BucketFile.Header(_settings.Bands, _settings.Rows, context.Run.TaskIndex, context.Run.TaskCount, 0, _settings.Seed, context.Run.DagHash), cancellationToken);
        _buckets?.Dispose();
        _file.Commit();
        var inv = CultureInfo.InvariantCulture;
        return ValueTask.FromResult<IReadOnlyList<Artifact>>([new Artifact("minhash_signatures", _file.FinalPath, new Dictionary<string, string>
        {
            ["documents"] = _documents.ToString(inv),
            ["bands"] = _settings.Bands.ToString(inv),
            ["rows"] = _settings.Rows.ToString(inv),
            ["task_index"] = context.Run.TaskIndex.ToString(inv),
            ["task_count"] = context.Run.TaskCount.ToString(inv),
        })]);
    }

    public override ValueTask AbortAsync()
    {
        _file?.Dispose();
        _buckets?.Dispose();
        return ValueTask.CompletedTask;
    }
}
