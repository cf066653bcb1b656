using System.Buffers.Binary;
using System.Security.Cryptography;
using Pipeline.Core.Util;

namespace Pipeline.Tokens;

/// <summary>
/// Writes one shard in the llm.c layout (<see cref="ShardFormat"/>) to a temporary name; <see cref="Commit"/>
/// writes the header and renames it into place. Disposing without committing deletes the temporary.
/// </summary>
public sealed class ShardWriter : IDisposable
{
    private readonly AtomicFile _file;
    private readonly byte[] _buffer = new byte[1 << 16];
    private int _buffered;
    private bool _committed;

    /// <summary>Starts a shard at <paramref name="path"/> with the given header version.</summary>
    public ShardWriter(string path, int version)
    {
        BytesPerToken = ShardFormat.BytesPerToken(version);
        Version = version;
        _file = new AtomicFile(path);
        _file.Stream.Write(new byte[ShardFormat.HeaderBytes]);
    }

    /// <summary>A shard whose token width fits a vocabulary of <paramref name="vocabSize"/>.</summary>
    public static ShardWriter ForVocabulary(string path, int vocabSize) => new(path, ShardFormat.VersionFor(vocabSize));

    /// <summary>Final path.</summary>
    public string Path => _file.FinalPath;

    /// <summary>Header version (1 = uint16, 7 = uint32).</summary>
    public int Version { get; }

    /// <summary>2 or 4.</summary>
    public int BytesPerToken { get; }

    /// <summary>Tokens written so far.</summary>
    public long TokenCount { get; private set; }

    /// <summary>SHA-256 (hex, lower case) of the committed file; null before <see cref="Commit"/>.</summary>
    public string? Sha256 { get; private set; }

    /// <summary>Appends tokens. Throws when a token does not fit the width.</summary>
    public void Write(ReadOnlySpan<int> tokens)
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        if (TokenCount + tokens.Length > int.MaxValue)
            throw new InvalidOperationException($"{Path}: a shard holds at most {int.MaxValue} tokens (the header count is int32)");
        foreach (var t in tokens)
        {
            if (_buffered + 4 > _buffer.Length) Flush();
            if (BytesPerToken == 2)
            {
                if ((uint)t > ushort.MaxValue) throw new InvalidOperationException($"{Path}: token id {t} does not fit uint16; use version {ShardFormat.VersionUInt32}");
                BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(_buffered), (ushort)t);
            }
            else
            {
                if (t < 0) throw new InvalidOperationException($"{Path}: negative token id {t}");
                BinaryPrimitives.WriteUInt32LittleEndian(_buffer.AsSpan(_buffered), (uint)t);
            }
            _buffered += BytesPerToken;
        }
        TokenCount += tokens.Length;
    }

    /// <summary>Appends one token.</summary>
    public void Write(int token) => Write([token]);

    private void Flush()
    {
        _file.Stream.Write(_buffer, 0, _buffered);
        _buffered = 0;
    }

    /// <summary>Writes the header, publishes the file and computes its SHA-256.</summary>
    public void Commit()
    {
        if (_committed) return;
        Flush();
        var header = new byte[ShardFormat.HeaderBytes];
        ShardFormat.WriteHeader(header, Version, (int)TokenCount);
        _file.Stream.Position = 0;
        _file.Stream.Write(header);
        _file.Stream.Position = 0;
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(_file.Stream));
        _file.Commit();
        _committed = true;
    }

    /// <summary>Deletes the temporary unless committed.</summary>
    public void Dispose()
    {
        _committed = true;
        _file.Dispose();
    }
}
