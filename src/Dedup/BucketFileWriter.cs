using System.Buffers.Binary;
using Pipeline.Core.Util;

namespace Pipeline.Dedup;

/// <summary>
/// Writes a <see cref="BucketFile"/>: records are appended to one spill file per band while the task runs (no
/// per-document memory), then each band is loaded, sorted by hash and appended to the bucket file — memory is one
/// band's records (16 bytes per document) at the end.
/// </summary>
internal sealed class BucketFileWriter : IDisposable
{
    private readonly string _path;
    private readonly FileStream[] _spill;
    private readonly BufferedStream[] _spillOut;
    private readonly int _bands;
    private long _records;

    public BucketFileWriter(string path, int bands)
    {
        _path = path;
        _bands = bands;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        _spill = new FileStream[bands];
        _spillOut = new BufferedStream[bands];
        for (int b = 0; b < bands; b++)
        {
            _spill[b] = new FileStream($"{path}.band{b}.tmp-{Environment.ProcessId}", FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            _spillOut[b] = new BufferedStream(_spill[b], 1 << 16);
        }
    }

    public long Records => _records;

    /// <summary>Adds one document with words: its band hashes and its reference.</summary>
    public void Add(ReadOnlySpan<ulong> bandHashes, ulong reference)
    {
        Span<byte> rec = stackalloc byte[BucketFile.RecordSize];
        BinaryPrimitives.WriteUInt64LittleEndian(rec[8..], reference);
        for (int b = 0; b < _bands; b++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(rec, bandHashes[b]);
            _spillOut[b].Write(rec);
        }
        _records++;
    }

    /// <summary>Sorts every band and publishes the bucket file atomically.</summary>
    public string Complete(BucketFile.Header header, CancellationToken cancellationToken)
    {
        if (_records > Array.MaxLength) throw new InvalidDataException($"{_records} documents in one task are too many for one bucket file; split the run into more tasks");
        int n = (int)_records;
        using var file = new AtomicFile(_path, 1 << 20);
        BucketFile.WriteHeader(file.Stream, header with { Records = _records });
        var hashes = new ulong[n];
        var refs = new ulong[n];
        var buf = new byte[1 << 20];
        for (int b = 0; b < _bands; b++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            _spillOut[b].Flush();
            _spill[b].Position = 0;
            int got = 0;
            while (got < n)
            {
                int take = Math.Min(n - got, buf.Length / BucketFile.RecordSize), bytes = take * BucketFile.RecordSize;
                _spill[b].ReadExactly(buf, 0, bytes);
                for (int i = 0; i < take; i++)
                {
                    hashes[got + i] = BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan(i * 16));
                    refs[got + i] = BinaryPrimitives.ReadUInt64LittleEndian(buf.AsSpan(i * 16 + 8));
                }
                got += take;
            }
            _spillOut[b].Dispose();
            Array.Sort(hashes, refs);
            for (int i = 0; i < n; i += buf.Length / 16)
            {
                int take = Math.Min(n - i, buf.Length / 16);
                for (int j = 0; j < take; j++)
                {
                    BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(j * 16), hashes[i + j]);
                    BinaryPrimitives.WriteUInt64LittleEndian(buf.AsSpan(j * 16 + 8), refs[i + j]);
                }
                file.Stream.Write(buf, 0, take * 16);
            }
        }
        file.Commit();
        return file.FinalPath;
    }

    public void Dispose()
    {
        foreach (var s in _spillOut) s.Dispose();
        foreach (var s in _spill) s.Dispose();
    }
}
