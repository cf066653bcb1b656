using Pipeline.Ingest.Warc;

namespace Pipeline.Ingest.Io;

/// <summary>
/// The decompressed bytes of a .gz file (one or more members), with every member's CRC-32 and length checked: a file
/// that is cut short or corrupt raises <see cref="WarcFormatException"/> (reason "warc:truncated_gzip",
/// "warc:corrupt_gzip" or "warc:gzip_junk", with the compressed byte offset) instead of ending quietly.
/// </summary>
internal sealed class CheckedGzipStream(string path) : Stream
{
    private readonly WarcByteSource _source = new(path);

    /// <summary>Compressed bytes consumed so far (progress over the file).</summary>
    public long FilePosition => _source.FilePosition;

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer) => _source.ReadSome(buffer);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return ValueTask.FromResult(_source.ReadSome(buffer.Span));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>The stats key for a damaged file in a source named <paramref name="prefix"/> ("jsonl:truncated_gzip").</summary>
    public static string Reason(string prefix, WarcFormatException ex) => prefix + ":" + ex.Reason[(ex.Reason.IndexOf(':', StringComparison.Ordinal) + 1)..];

    protected override void Dispose(bool disposing)
    {
        if (disposing) _source.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
