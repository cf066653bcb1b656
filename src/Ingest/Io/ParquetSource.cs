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
    private readonly Licence.DeclaredLicence _declared = new(options.Licence, options.LicenceByPath);

    public override async IAsyncEnumerable<Document> ReadAsync(StepContext context, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var files = InputFiles.Resolve(context, options.Paths, "parquet", ".parquet");
        var budget = new InputErrorBudget(options, "Parquet rows");
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
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                budget.BadFile(context, "parquet:unreadable_file", $"{name}: not a readable Parquet file ({ex.Message})", name, null);
                continue;
            }
            await using (reader.ConfigureAwait(false))
            {
                var fields = reader.Schema.GetDataFields().ToDictionary(f => f.Name, StringComparer.Ordinal);
                var textField = fields.GetValueOrDefault(options.TextColumn)
                    ?? throw new InvalidDataException($"{name}: no column '{options.TextColumn}' (columns: {string.Join(", ", fields.Keys)}); set text_column");
                var idField = fields.GetValueOrDefault(options.IdColumn);
                // sink.parquet's layout: metadata_json (since issue 17) or, in earlier files, metadata as a JSON string
                var metaField = fields.GetValueOrDefault(S.MetadataJson.Name)
                    ?? (fields.GetValueOrDefault(S.MetadataName) is { } m && m.ClrType != typeof(DateTime) && m.MaxRepetitionLevel == 0 ? m : null);
                bool ours = fields.ContainsKey(S.SourceFile.Name) && fields.ContainsKey(S.SourceOffset.Name) && metaField is not null;
                long row = 0;
                for (int g = 0; g < reader.RowGroupCount; g++)
                {
                    Group grp;
                    try
                    {
                        grp = await ReadGroupAsync(reader, g, fields, textField, idField, ours ? metaField : null, cancellationToken).ConfigureAwait(false);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException && !(ex is InvalidDataException && ex.Message.StartsWith("column '", StringComparison.Ordinal)))
                    {
                        budget.BadFile(context, "parquet:unreadable_row_group", $"{name}: row group {g} (rows from {row}) cannot be read ({ex.Message}); the rest of the file is skipped", name, null);
                        break;
                    }
                    int n = grp.Count;
                    var (text, ids, files2, offsets, kinds, urls, times, types, records, metas) =
                        (grp.Text, grp.Ids, grp.Files, grp.Offsets, grp.Kinds, grp.Urls, grp.Times, grp.Types, grp.Records, grp.Metas);
                    for (int i = 0; i < n; i++, row++)
                    {
                        if (text[i] is not { } t)
                        {
                            budget.BadRecord(context, "parquet:null_text", $"{name}: row {row}: text is null", name, row, "row");
                            continue;
                        }
                        string id = ids?[i] is { Length: > 0 } given ? given : DocumentId.For(name, row);
                        SourceRef source;
                        Meta meta = Meta.Empty;
                        if (ours && files2![i] is { } f && offsets![i] is { } off)
                        {
                            source = new SourceRef(f, off, urls?[i], times?[i], types?[i], records?[i], kinds?[i] ?? "byte");
                            try
                            {
                                meta = MetaJson.Parse(metas![i]);
                            }
                            catch (System.Text.Json.JsonException ex)
                            {
                                budget.BadRecord(context, "parquet:bad_metadata", $"{name}: row {row}: metadata is not a JSON object ({ex.Message}) [id {id}]", name, row, "row");
                                continue;
                            }
                        }
                        else source = new SourceRef(name, row, OffsetKind: "row");
                        meta = SourceMetadata.Complete(meta, source.Url, options.Domain, _declared, name);
                        budget.Good();
                        yield return new Document(id, t, source, meta);
                    }
                    if (g + 1 < reader.RowGroupCount) progress.At(length * (g + 1) / reader.RowGroupCount);
                }
            }
            progress.EndFile(length);
        }
        budget.Check(final: true);
    }

    /// <summary>The columns of one row group.</summary>
    private sealed record Group(int Count, string?[] Text, string?[]? Ids, string?[]? Files, long?[]? Offsets, string?[]? Kinds,
        string?[]? Urls, DateTimeOffset?[]? Times, string?[]? Types, string?[]? Records, string?[]? Metas);

    private static async Task<Group> ReadGroupAsync(ParquetReader reader, int g, Dictionary<string, DataField> fields, DataField textField, DataField? idField, DataField? metaField, CancellationToken cancellationToken)
    {
        var rg = reader.OpenRowGroupReader(g);
        int n = checked((int)rg.RowCount);
        var text = await ReadStrings(rg, textField, n, cancellationToken).ConfigureAwait(false);
        var ids = idField is null ? null : await ReadStrings(rg, idField, n, cancellationToken).ConfigureAwait(false);
        if (metaField is null) return new Group(n, text, ids, null, null, null, null, null, null, null, null);
        return new Group(n, text, ids,
            await ReadStrings(rg, fields[S.SourceFile.Name], n, cancellationToken).ConfigureAwait(false),
            await ReadLongs(rg, fields[S.SourceOffset.Name], n, cancellationToken).ConfigureAwait(false),
            await ReadOptional(rg, fields, S.SourceOffsetKind.Name, n, cancellationToken).ConfigureAwait(false),
            await ReadOptional(rg, fields, S.SourceUrl.Name, n, cancellationToken).ConfigureAwait(false),
            await ReadTimes(rg, fields, n, cancellationToken).ConfigureAwait(false),
            await ReadOptional(rg, fields, S.ContentType.Name, n, cancellationToken).ConfigureAwait(false),
            await ReadOptional(rg, fields, S.RecordId.Name, n, cancellationToken).ConfigureAwait(false),
            await ReadStrings(rg, metaField, n, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>fetch_time: a timestamp column (UTC), or an ISO 8601 string in files of the earlier layout.</summary>
    private static async Task<DateTimeOffset?[]?> ReadTimes(ParquetRowGroupReader rg, Dictionary<string, DataField> fields, int n, CancellationToken ct)
    {
        if (!fields.TryGetValue(S.FetchTime.Name, out var f)) return null;
        if (f.ClrType == typeof(DateTime))
        {
            var a = new DateTime?[n];
            if (f.IsNullable) await rg.ReadAsync<DateTime>(f, a.AsMemory(), null, ct).ConfigureAwait(false);
            else
            {
                var b = new DateTime[n];
                await rg.ReadAsync<DateTime>(f, b.AsMemory(), null, ct).ConfigureAwait(false);
                for (int i = 0; i < n; i++) a[i] = b[i];
            }
            return a.Select(t => t is { } v ? new DateTimeOffset(DateTime.SpecifyKind(v, DateTimeKind.Utc)) : (DateTimeOffset?)null).ToArray();
        }
        return (await ReadStrings(rg, f, n, ct).ConfigureAwait(false)).Select(DocumentJsonl.ParseTime).ToArray();
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
