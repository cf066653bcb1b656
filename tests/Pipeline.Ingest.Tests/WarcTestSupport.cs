using System.IO.Compression;
using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Warc;
using Pipeline.Testing;

namespace Pipeline.Ingest.Tests;

/// <summary>Helpers for WARC tests: a recording ledger, record summaries, hand-made WARC bytes.</summary>
internal static class WarcTestSupport
{
    /// <summary>"type=count ..." for every record in the file plus "errors: reason@offset ..." (all types read, nothing filtered).</summary>
    public static string Summarise(string path)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var errors = new List<string>();
        using var src = new WarcByteSource(path);
        if (src.Format == "warc.lz4") return "unsupported: lz4";
        var reader = new WarcRecordReader(src, _ => true, 64L << 20, ex => errors.Add($"{ex.Reason}@{ex.Offset}"));
        while (reader.Next() is { } rec) counts[rec.Type] = counts.GetValueOrDefault(rec.Type) + 1;
        var sb = new StringBuilder(string.Join(' ', counts.Select(kv => $"{kv.Key}={kv.Value}")));
        sb.Append(" | errors:");
        foreach (var e in errors) sb.Append(' ').Append(e);
        return sb.ToString();
    }

    /// <summary>Runs ingest.warc over <paramref name="path"/>; returns the documents and the context (stats, ledger).</summary>
    public static (List<Document> Docs, StepContext Context, RecordingLedger Ledger) Read(string path, WarcOptions? options = null)
    {
        var ledger = new RecordingLedger();
        var dir = Path.GetDirectoryName(path)!;
        var ctx = StepContext.ForTool("crawl", dir, ledger);
        var step = new WarcSource(options ?? new WarcOptions { Paths = [path], MaxErrorRate = 1.0, OnError = "skip" });
        var docs = new List<Document>();
        var e = step.ReadAsync(ctx, CancellationToken.None).GetAsyncEnumerator();
        try
        {
            while (e.MoveNextAsync().AsTask().GetAwaiter().GetResult()) docs.Add(e.Current);
        }
        finally
        {
            e.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        return (docs, ctx, ledger);
    }

    /// <summary>One WARC record's bytes.</summary>
    public static byte[] Record(string type, string uri, byte[] block, string contentType = "application/http; msgtype=response", long? contentLength = null)
    {
        var head = $"WARC/1.1\r\nWARC-Type: {type}\r\nWARC-Record-ID: <urn:uuid:{Guid.NewGuid()}>\r\nWARC-Date: 2024-05-01T12:00:00Z\r\n" +
                   $"WARC-Target-URI: {uri}\r\nContent-Type: {contentType}\r\nContent-Length: {contentLength ?? block.Length}\r\n\r\n";
        return [.. Encoding.ASCII.GetBytes(head), .. block, .. "\r\n\r\n"u8];
    }

    /// <summary>An HTTP response block.</summary>
    public static byte[] Http(string headers, byte[] body) => [.. Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\n" + headers + "\r\n"), .. body];

    public static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(data);
        return ms.ToArray();
    }
}
