namespace Pipeline.Ingest.Io;

/// <summary>Reads a stream line by line as UTF-8 bytes, with each line's byte offset; memory is one buffer.</summary>
internal sealed class ByteLineReader(Stream stream, int bufferSize = 1 << 20)
{
    private byte[] _buffer = new byte[bufferSize];
    private int _start;
    private int _end;
    private long _position;
    private bool _eof;

    /// <summary>Reads the next line without its terminator ('\n', and '\r' before it). False at the end.</summary>
    public async ValueTask<(bool Ok, long Offset, int Length)> ReadLineAsync(CancellationToken cancellationToken)
    {
        int scanFrom = _start;
        while (true)
        {
            int nl = Array.IndexOf(_buffer, (byte)'\n', scanFrom, _end - scanFrom);
            if (nl >= 0)
            {
                long offset = _position;
                int len = nl - _start;
                _lineStart = _start;
                _position += len + 1;
                _start = nl + 1;
                if (len > 0 && _buffer[_lineStart + len - 1] == (byte)'\r') len--;
                return (true, offset, len);
            }
            if (_eof)
            {
                if (_end == _start) return (false, _position, 0);
                long offset = _position;
                int len = _end - _start;
                _lineStart = _start;
                _position += len;
                _start = _end;
                if (len > 0 && _buffer[_lineStart + len - 1] == (byte)'\r') len--;
                return (true, offset, len);
            }
            scanFrom = _end - _start;
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length) Array.Resize(ref _buffer, _buffer.Length * 2);
            int n = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
            if (n == 0) _eof = true;
            _end += n;
        }
    }

    private int _lineStart;

    /// <summary>The bytes of the line returned last (valid until the next read).</summary>
    public ReadOnlyMemory<byte> Line(int length) => _buffer.AsMemory(_lineStart, length);
}
