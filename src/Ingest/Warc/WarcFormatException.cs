namespace Pipeline.Ingest.Warc;

/// <summary>A bad WARC record or compressed member: <see cref="Reason"/> is the stats key ("warc:truncated_gzip"), <see cref="Offset"/> the byte offset in the file.</summary>
internal sealed class WarcFormatException : Exception
{
    public WarcFormatException(string reason, string message, long offset) : base(message)
    {
        Reason = reason;
        Offset = offset;
    }

    public WarcFormatException() : this("warc:error", "bad WARC input", 0) { }

    public WarcFormatException(string message) : this("warc:error", message, 0) { }

    public WarcFormatException(string message, Exception inner) : base(message, inner) { Reason = "warc:error"; }

    public string Reason { get; }

    public long Offset { get; }
}
