namespace Pipeline.Ingest.Warc;

/// <summary>Read-only view of a file stream that knows how many bytes it has handed out and where the last read began.</summary>
internal sealed class CountingStream(FileStream file) : Stream
{
    public long Handed { get; private set; }

    public long LastReadStart { get; private set; }

    public bool HitEnd { get; private set; }

    public void MoveTo(long position)
    {
        file.Seek(position, SeekOrigin.Begin);
        Handed = position;
        LastReadStart = position;
        HitEnd = false;
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        LastReadStart = Handed;
        int n = file.Read(buffer);
        if (n == 0) HitEnd = true;
        Handed += n;
        return n;
    }

    public override int ReadByte()
    {
        int b = file.ReadByte();
        if (b < 0) HitEnd = true;
        else Handed++;
        return b;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => Handed; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
