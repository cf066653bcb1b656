using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Ingest.Io;

/// <summary>
/// <c>sink.jsonl</c>: one JSON object per line with a fixed key order (see <see cref="DocumentJsonl"/>);
/// identical input gives identical bytes, gzip included (no timestamp in the gzip header).
/// </summary>
internal sealed class JsonlSink(JsonlSinkOptions options) : SinkStep, IDisposable
{
    private AtomicFile? _file;
    private Stream? _out;
    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private Utf8JsonWriter? _writer;
    private long _count;

    public override ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        var path = context.OutputPath(options.Path);
        _file = new AtomicFile(path);
        bool gzip = options.Gzip ?? path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        _out = gzip ? new GZipStream(_file.Stream, CompressionLevel.Optimal, leaveOpen: true) : _file.Stream;
        _writer = new Utf8JsonWriter(_buffer, DocumentJsonl.WriterOptions);
        return ValueTask.CompletedTask;
    }

    public override ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        DocumentJsonl.Write(_writer!, document);
        _writer!.Flush();
        _buffer.GetSpan(1)[0] = (byte)'\n';
        _buffer.Advance(1);
        _writer.Reset();
        _count++;
        if (_buffer.WrittenCount >= 1 << 16)
        {
            _out!.Write(_buffer.WrittenSpan);
            _buffer.ResetWrittenCount();
        }
        return ValueTask.CompletedTask;
    }

    public override ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
    {
        if (_buffer.WrittenCount > 0) _out!.Write(_buffer.WrittenSpan);
        _buffer.ResetWrittenCount();
        if (!ReferenceEquals(_out, _file!.Stream)) _out!.Dispose();
        _file.Commit();
        var props = new Dictionary<string, string>
        {
            ["format"] = "jsonl",
            ["documents"] = _count.ToString(CultureInfo.InvariantCulture),
        };
        return ValueTask.FromResult<IReadOnlyList<Artifact>>([new Artifact("documents", _file.FinalPath, props)]);
    }

    public override ValueTask AbortAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        if (_out is not null && _file is not null && !ReferenceEquals(_out, _file.Stream))
        {
            try { _out.Dispose(); } catch (ObjectDisposedException) { } catch (IOException) { }
        }
        _file?.Dispose();
    }
}
