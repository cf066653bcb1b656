namespace Pipeline.Ingest.Io;

/// <summary>Where a reader is in an input file, in the file's own bytes: its length and the current position.</summary>
internal sealed class InputPosition(long length, Func<long> position)
{
    /// <summary>Bytes of the file as stored.</summary>
    public long Length { get; } = length;

    /// <summary>Bytes of the file consumed so far.</summary>
    public long Position => position();
}
