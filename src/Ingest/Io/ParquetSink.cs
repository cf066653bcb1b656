using System.Globalization;
using Parquet;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;
using S = Pipeline.Ingest.Io.ParquetDocumentSchema;

namespace Pipeline.Ingest.Io;

/// <summary>
/// <c>sink.parquet</c>: columns id, text, source_file, source_offset, source_offset_kind, source_url, fetch_time
/// (UTC timestamp, microseconds), content_type, record_id, metadata (map of string to string, sorted keys),
/// metadata_json (the same as a typed JSON object); Snappy, one row group per <c>row_group_size</c> documents.
/// Identical input gives identical bytes. The layout is documented in docs/outputs.md.
/// </summary>
internal sealed class ParquetSink(ParquetSinkOptions options) : SinkStep, IDisposable
{
    private AtomicFile? _file;
    private ParquetWriter? _writer;
    private readonly List<Document> _rows = [];
    private long _count;
    private int _groups;

    public override async ValueTask OpenAsync(StepContext context, CancellationToken cancellationToken)
    {
        _file = new AtomicFile(context.OutputPath(options.Path));
        _writer = await ParquetWriter.CreateAsync(S.Schema, _file.Stream, new ParquetOptions { CompressionMethod = CompressionMethod.Snappy }, false, cancellationToken).ConfigureAwait(false);
    }

    public override async ValueTask WriteAsync(Document document, StepContext context, CancellationToken cancellationToken)
    {
        _rows.Add(document);
        _count++;
        if (_rows.Count >= options.RowGroupSize) await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task FlushAsync(CancellationToken ct)
    {
        if (_rows.Count == 0) return;
        int n = _rows.Count;
        using (var rg = _writer!.CreateRowGroup())
        {
            await rg.WriteAsync(S.Id, Column(d => d.Id)).ConfigureAwait(false);
            await rg.WriteAsync(S.Text, Column(d => d.Text)).ConfigureAwait(false);
            await rg.WriteAsync(S.SourceFile, Column(d => d.Source.File)).ConfigureAwait(false);
            var offsets = new long[n];
            for (int i = 0; i < n; i++) offsets[i] = _rows[i].Source.Offset;
            await rg.WriteAsync<long>(S.SourceOffset, offsets.AsMemory(), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync(S.SourceOffsetKind, Column(d => d.Source.OffsetKind)).ConfigureAwait(false);
            await rg.WriteAsync(S.SourceUrl, Column(d => d.Source.Url)).ConfigureAwait(false);
            var times = new DateTime?[n];
            for (int i = 0; i < n; i++) times[i] = _rows[i].Source.FetchTime?.UtcDateTime;
            await rg.WriteAsync<DateTime>(S.FetchTime, times.AsMemory(), null, null, ct).ConfigureAwait(false);
            await rg.WriteAsync(S.ContentType, Column(d => d.Source.ContentType)).ConfigureAwait(false);
            await rg.WriteAsync(S.RecordId, Column(d => d.Source.RecordId)).ConfigureAwait(false);
            var json = Column(d => MetaJson.ToJson(d.Meta));
            var (keys, values, levels) = MapEntries(json!);
            await rg.WriteAsync(S.MetadataKey, keys, levels).ConfigureAwait(false);
            await rg.WriteAsync(S.MetadataValue, values, levels).ConfigureAwait(false);
            await rg.WriteAsync(S.MetadataJson, json).ConfigureAwait(false);
        }
        _groups++;
        _rows.Clear();
    }

    /// <summary>
    /// The metadata map's leaf columns: one entry per key (repetition level 0 starts a row, 1 continues it); a row
    /// without metadata is one null entry, which Parquet.Net writes as an empty map.
    /// </summary>
    private static (string?[] Keys, string?[] Values, int[] Levels) MapEntries(string[] json)
    {
        var keys = new List<string?>();
        var values = new List<string?>();
        var levels = new List<int>();
        foreach (var row in json)
        {
            using var doc = System.Text.Json.JsonDocument.Parse(row);
            int before = keys.Count;
            foreach (var p in doc.RootElement.EnumerateObject())
            {
                levels.Add(keys.Count == before ? 0 : 1);
                keys.Add(p.Name);
                values.Add(p.Value.ValueKind == System.Text.Json.JsonValueKind.String ? p.Value.GetString() : p.Value.GetRawText());
            }
            if (keys.Count == before)
            {
                levels.Add(0);
                keys.Add(null);
                values.Add(null);
            }
        }
        return ([.. keys], [.. values], [.. levels]);
    }

    private string?[] Column(Func<Document, string?> get)
    {
        var a = new string?[_rows.Count];
        for (int i = 0; i < a.Length; i++) a[i] = get(_rows[i]);
        return a;
    }

    public override async ValueTask<IReadOnlyList<Artifact>> CompleteAsync(StepContext context, CancellationToken cancellationToken)
    {
        await FlushAsync(cancellationToken).ConfigureAwait(false);
        await _writer!.DisposeAsync().ConfigureAwait(false);
        _writer = null;
        _file!.Commit();
        var props = new Dictionary<string, string>
        {
            ["format"] = "parquet",
            ["documents"] = _count.ToString(CultureInfo.InvariantCulture),
            ["row_groups"] = _groups.ToString(CultureInfo.InvariantCulture),
        };
        return [new Artifact("documents", _file.FinalPath, props)];
    }

    public override async ValueTask AbortAsync()
    {
        if (_writer is not null)
        {
            try { await _writer.DisposeAsync().ConfigureAwait(false); } catch (IOException) { } catch (InvalidOperationException) { }
            _writer = null;
        }
        Dispose();
    }

    public void Dispose() => _file?.Dispose();
}
