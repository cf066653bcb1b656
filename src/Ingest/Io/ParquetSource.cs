using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Schema;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using S = Pipeline.Ingest.Io.ParquetDocumentSchema;

namespace Pipeline.Ingest.Io;

/// <summary>
/// <c>ingest.parquet</c>: reads documents row group by row group (memory holds one row group). Files written by
/// <c>sink.parquet</c> come back with their full source reference and metadata; other files need only a text
/// column (ids then come from file and row number, source offsets are row numbers).
/// </summary>
internal sealed class ParquetSource(ParquetSourceOptions options) : SourceStep
{
    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = InputFiles.Resolve(context, options.Paths, "parquet", ".parquet");
        var progress = new ReadProgress(context, files);
        foreach (var file in files)
        {
            var name = context.SourceName(file);
            long length = new FileInfo(file).Length;
            context.ReportBytesRead(length);
            await using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            ParquetReader reader;
            try
            {
                reader = await ParquetReader.CreateAsync(stream, null, true, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or InvalidDataException or NotSupportedException or ArgumentException)
            {
                throw new InvalidDataException($"{name}: not a readable Parquet file ({ex.Message})", ex);
            }
            await using (reader.ConfigureAwait(false))
            {
                var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
                var textField = fields.GetValueOrDefault(options.TextColumn)
                    ?? throw new InvalidDataException($"{name}: no column '{options.TextColumn}' (columns: {string.Join(", ", fields.Keys)}); set text_column");
                var idField = fields.GetValueOrDefault(options.IdColumn);
                bool ours = fields.ContainsKey(S.SourceFile.Name) && fields.ContainsKey(S.SourceOffset.Name) && fields.ContainsKey(S.Metadata.Name);
                long row = 0;
                for (int g = 0; g < reader.RowGroupCount; g++)
                {
                    var rg = reader.OpenRowGroupReader(g);
                    int n = checked((int)rg.RowCount);
                    var text = await ReadStrings(rg, textField, n, cancellationToken).ConfigureAwait(false);
                    var ids = idField is null ? null : await ReadStrings(rg, idField, n, cancellationToken).ConfigureAwait(false);
                    string?[]? files2 = null, kinds = null, urls = null, times = null, types = null, records = null, metas = null;
                    long?[]? offsets = null;
                    if (ours)
                    {
                        files2 = await ReadStrings(rg, fields[S.SourceFile.Name], n, cancellationToken).ConfigureAwait(false);
                        offsets = await ReadLongs(rg, fields[S.SourceOffset.Name], n, cancellationToken).ConfigureAwait(false);
                        kinds = await ReadOptional(rg, fields, S.SourceOffsetKind.Name, n, cancellationToken).ConfigureAwait(false);
                        urls = await ReadOptional(rg, fields, S.SourceUrl.Name, n, cancellationToken).ConfigureAwait(false);
                        times = await ReadOptional(rg, fields, S.FetchTime.Name, n, cancellationToken).ConfigureAwait(false);
                        types = await ReadOptional(rg, fields, S.ContentType.Name, n, cancellationToken).ConfigureAwait(false);
                        records = await ReadOptional(rg, fields, S.RecordId.Name, n, cancellationToken).ConfigureAwait(false);
                        metas = await ReadStrings(rg, fields[S.Metadata.Name], n, cancellationToken).ConfigureAwait(false);
                    }
                    for (int i = 0; i < n; i++, row++)
                    {
                        if (text[i] is not { } t)
                        {
                            context.ReportError("parquet:null_text", $"{name}: row {row}: text is null", name, row);
                            continue;
                        }
                        string id = ids?[i] is { Length: > 0 } given ? given : DocumentId.For(name, row);
                        SourceRef source;
                        Meta meta = Meta.Empty;
                        if (ours && files2![i] is { } f && offsets![i] is { } off)
                        {
                            source = new SourceRef(f, off, urls?[i], DocumentJsonl.ParseTime(times?[i]), types?[i], records?[i], kinds?[i] ?? "byte");
                            try
                            {
                                meta = MetaJson.Parse(metas![i]);
                            }
                            catch (System.Text.Json.JsonException ex)
                            {
                                context.ReportError("parquet:bad_metadata", $"{name}: row {row}: metadata is not a JSON object ({ex.Message})", name, row, id);
                                continue;
                            }
                        }
                        else source = new SourceRef(name, row, OffsetKind: "row");
                        if (options.Domain is { Length: > 0 } domain) meta = meta.Set("domain", domain);
                        yield return new Document(id, t, source, meta);
                    }
                    if (g + 1 < reader.RowGroupCount) progress.At(length * (g + 1) / reader.RowGroupCount);
                }
            }
            progress.EndFile(length);
        }
    }

    private static async Task<string?[]?> ReadOptional(ParquetRowGroupReader rg, Dictionary<string, DataField> fields, string name, int n, CancellationToken ct) =>
        fields.TryGetValue(name, out var f) ? await ReadStrings(rg, f, n, ct).ConfigureAwait(false) : null;

    private static async Task<string?[]> ReadStrings(ParquetRowGroupReader rg, DataField field, int n, CancellationToken ct)
    {
        if (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>) || field.ClrType == typeof(ReadOnlyMemory<byte>))
        {
            var a = new string?[n];
            await rg.ReadAsync(field, a.AsMemory(), null, ct).ConfigureAwait(false);
            return a;
        }
        if (field.ClrType == typeof(long))
        {
            var l = await ReadLongs(rg, field, n, ct).ConfigureAwait(false);
            return l.Select(x => x?.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        }
        throw new InvalidDataException($"column '{field.Name}' has type {field.ClrType.Name}; expected a string column");
    }

    private static async Task<long?[]> ReadLongs(ParquetRowGroupReader rg, DataField field, int n, CancellationToken ct)
    {
        var a = new long?[n];
        if (field.IsNullable)
        {
            await rg.ReadAsync<long>(field, a.AsMemory(), null, ct).ConfigureAwait(false);
            return a;
        }
        var b = new long[n];
        await rg.ReadAsync<long>(field, b.AsMemory(), null, ct).ConfigureAwait(false);
        for (int i = 0; i < n; i++) a[i] = b[i];
        return a;
    }
}
