using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Dedup;

/// <summary>
/// <c>dedup.exact_hashes</c>: stage 1 of staged exact dedup. Writes this task's <see cref="ExactHashFile"/>: the key
/// hash of every document that has the key (exactly what <c>dedup.exact</c> compares), sorted, with its id.
/// Memory: 24 bytes per hashed document until the end of the task.
/// </summary>
internal sealed class ExactHashesSink(ExactHashesOptions options) : SinkStep
{
    private readonly List<UInt128> _hashes = [];
    private readonly List<long> _offsets = [];
    private AtomicFile? _file;
    private BufferedStream? _out;
    private long _position = ExactHashFile.PreambleSize;
    private long _documents;

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        _file = new AtomicFile(context.OutputPath(options.Path));
        _out = new BufferedStream(_file.Stream, 1 << 20);
        ExactHashFile.WriteHeader(_out, Header(context, 0, 0));
        return ValueTask.CompletedTask;
    }

    private ExactHashFile.Header Header(StepContext context, long records, long recordsStart) =>
        new(context.Run.TaskIndex, context.Run.TaskCount, records, _documents, recordsStart, ExactHashFile.KeyFingerprint(options), context.Run.DagHash);

    public override ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        _documents++;
        if (!ExactDedupStep.TryHash(document, options, out var hash)) return ValueTask.CompletedTask;
        int len = Encoding.UTF8.GetByteCount(document.Id);
        if (len > ushort.MaxValue) throw new InvalidDataException($"document id longer than 65535 bytes: {document.Id[..40]}...");
        Span<byte> head = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(head, (ushort)len);
        _out!.Write(head);
        _out.Write(Encoding.UTF8.GetBytes(document.Id));
        _hashes.Add(hash);
        _offsets.Add(_position);
        _position += 2 + len;
        return ValueTask.CompletedTask;
    }

    public override ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var hashes = _hashes.ToArray();
        var offsets = _offsets.ToArray();
        Array.Sort(hashes, offsets);
        var rec = new byte[ExactHashFile.RecordSize];
        for (int i = 0; i < hashes.Length; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(rec, (ulong)(hashes[i] >> 64));
            BinaryPrimitives.WriteUInt64LittleEndian(rec.AsSpan(8), (ulong)hashes[i]);
            BinaryPrimitives.WriteInt64LittleEndian(rec.AsSpan(16), offsets[i]);
            _out!.Write(rec);
        }
        _out!.Flush();
        _file!.Stream.Position = 0;
        ExactHashFile.WriteHeader(_file.Stream, Header(context, hashes.Length, _position));
        _file.Commit();
        var inv = CultureInfo.InvariantCulture;
        return ValueTask.FromResult<IReadOnlyList<Artifact>>([new Artifact("exact_hashes", _file.FinalPath, new Dictionary<string, string>
        {
            ["documents"] = _documents.ToString(inv),
            ["hashed"] = hashes.Length.ToString(inv),
            ["task_index"] = context.Run.TaskIndex.ToString(inv),
            ["task_count"] = context.Run.TaskCount.ToString(inv),
        })]);
    }

    public override ValueTask AbortAsync()
    {
        _file?.Dispose();
        return ValueTask.CompletedTask;
    }
}
