using Pipeline.Core.Steps;

namespace Pipeline.Ingest.Io;

/// <summary>
/// Progress of a reader over its input files, in file bytes (compressed bytes for compressed files), so views can
/// show percent and ETA. Reports are throttled (a report every 256 calls or at file ends) to stay off the hot path.
/// </summary>
internal sealed class ReadProgress
{
    private readonly StepContext _context;
    private readonly long _total;
    private long _before;
    private int _calls;

    public ReadProgress(StepContext context, IEnumerable<string> files)
    {
        _context = context;
        foreach (var f in files)
        {
            var info = new FileInfo(f);
            if (info.Exists) _total += info.Length;
        }
        _context.ReportProgress(0, _total, "bytes");
    }

    /// <summary>Bytes of all input files.</summary>
    public long Total => _total;

    /// <summary>The reader is at <paramref name="position"/> in the current file.</summary>
    public void At(long position)
    {
        if ((++_calls & 255) != 0) return;
        _context.ReportProgress(Math.Min(_total, _before + position), _total, "bytes");
    }

    /// <summary>The current file (of <paramref name="length"/> bytes) is done.</summary>
    public void EndFile(long length)
    {
        _before += length;
        _context.ReportProgress(Math.Min(_total, _before), _total, "bytes");
    }
}
