using System.IO.Hashing;
using System.Text;
using System.Text.Json;
using DuckDB.NET.Data;
using Pipeline.Core.Documents;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;

namespace Pipeline.Provenance;

/// <summary>
/// Turns ledger records into rows with DuckDB appenders inside one open transaction. Used by one thread
/// at a time (the ledger's writer thread). <see cref="Commit"/> closes the appenders and commits.
/// </summary>
internal sealed class LedgerAppender : IDisposable
{
    private readonly DuckDBConnection _connection;
    private readonly string _runId;
    private readonly Dictionary<string, DuckDBAppender> _appenders = new(StringComparer.Ordinal);
    private DuckDBTransaction? _transaction;
    // UTF-8 of string values: appending a byte span is one native call, where AppendValue(string) allocates,
    // copies into native memory and frees per value
    private readonly byte[] _utf8 = new byte[MaxSpanChars * 3];
    private readonly byte[] _runIdUtf8;
    private IDuckDBAppenderRow _row = null!;
    private const int MaxSpanChars = 4096;

    public LedgerAppender(DuckDBConnection connection, string runId, long firstSeq)
    {
        _connection = connection;
        _runId = runId;
        _runIdUtf8 = Encoding.UTF8.GetBytes(runId);
        Seq = firstSeq;
    }

    /// <summary>Rows appended since the last commit.</summary>
    public int PendingRows { get; private set; }

    /// <summary>Next sequence number (write order within the run).</summary>
    public long Seq { get; private set; }

    /// <summary>Records of types this ledger does not know (ignored).</summary>
    public long Ignored { get; private set; }

    private IDuckDBAppenderRow Row(string table)
    {
        if (!_appenders.TryGetValue(table, out var a))
        {
            _transaction ??= _connection.BeginTransaction();
            a = _connection.CreateAppender(table);
            _appenders[table] = a;
        }
        PendingRows++;
        var row = a.CreateRow();
        row = _runIdUtf8.Length == 0 ? row.AppendValue(_runId) : row.AppendValue(_runIdUtf8.AsSpan());
        return row.AppendValue((long?)Seq++);
    }

    /// <summary>Starts a row of <paramref name="table"/> (run id and seq appended).</summary>
    private LedgerAppender Begin(string table)
    {
        _row = Row(table);
        return this;
    }

    /// <summary>Appends a string (null as NULL) as UTF-8 bytes from a reused buffer.</summary>
    private LedgerAppender S(string? value)
    {
        if (value is null) _row = _row.AppendNullValue();
        else if (value.Length > MaxSpanChars) _row = _row.AppendValue(value);
        else _row = _row.AppendValue(_utf8.AsSpan(0, Encoding.UTF8.GetBytes(value, _utf8)));
        return this;
    }

    private LedgerAppender V(long? value)
    {
        _row = _row.AppendValue(value);
        return this;
    }

    private LedgerAppender V(int? value)
    {
        _row = _row.AppendValue(value);
        return this;
    }

    private LedgerAppender V(double? value)
    {
        _row = _row.AppendValue(value);
        return this;
    }

    private LedgerAppender V(DateTimeOffset? value)
    {
        _row = _row.AppendValue(value);
        return this;
    }

    private LedgerAppender List(IReadOnlyList<string> values)
    {
        _row = values.Count == 0 ? _row.AppendNullValue() : _row.AppendValue(values);
        return this;
    }

    private LedgerAppender Null()
    {
        _row = _row.AppendNullValue();
        return this;
    }

    private void End() => _row.EndRow();

    public void Append(LedgerRecord record)
    {
        switch (record)
        {
            case HashedDocumentRecord r:
                AppendDocument(r);
                break;
            case DocumentEnteredRecord r:
                AppendDocument(WithHash(r));
                break;
            case DocumentMetaChangedRecord r:
                AppendUpdate(r);
                break;
            case DocumentEventRecord r:
                Begin("events").S(r.DocumentId).S(r.StepId).S(ActionName(r.Action)).S(r.Reason).S(r.Details).Null().Null().End();
                break;
            case DocumentWrittenRecord r:
                Begin("outputs").S(r.DocumentId).S(r.StepId).S(r.OutputPath).End();
                break;
            case StepErrorRecord r:
                Begin("events").S(r.DocumentId).S(r.StepId).S("error").S(r.Reason).S(r.Message).S(r.File).V(r.Offset).End();
                break;
            case SourceFileRecord r:
                Begin("sources").S(r.Path).V(r.SizeBytes).S(r.Sha256).S(r.Format).End();
                break;
            case ArtifactRecord r:
                AppendArtifact(r.StepId, r.Artifact);
                break;
            case DedupClusterRecord r:
                Begin("dedup_clusters").S(r.ClusterId).S(r.DocumentId).S(r.RepresentativeId).V(r.Similarity).S(r.StepId).End();
                break;
            case PiiCountRecord r:
                Begin("pii_redactions").S(r.DocumentId).S(r.EntityType).V(r.Count).S(r.Mode).S(r.StepId).End();
                break;
            case ShardSpanRecord r:
                var file = r.ShardFile.Replace('\\', '/');
                int slash = file.LastIndexOf('/');
                Begin("shards").S(file).S(slash >= 0 ? file[(slash + 1)..] : file).S(slash >= 0 ? file[..slash] : "")
                    .S(r.DocumentId).V(r.TokenStart).V(r.TokenCount).S(r.Split).S(r.Domain).End();
                break;
            case CheckpointRecord r:
                Begin("checkpoints").S(r.Path.Replace('\\', '/')).V(r.Step).V(r.TokensSeen).V(r.TrainLoss).V(r.ValLoss)
                    .S(r.ShardSet.Replace('\\', '/').TrimEnd('/')).V(r.SavedAt).End();
                break;
            case TrainMetricRecord r:
                Begin("train_metrics").V(r.Step).V(r.Loss).V(r.LearningRate).V(r.GradNorm).V(r.TokensPerSecond).S(r.BatchRef).End();
                AppendBatches(r.Step, r.BatchRef);
                break;
            case AuditRecord r:
                Begin("audits").S(r.Checkpoint).S(r.Kind).S(r.Domain).S(r.Metric).V(r.Value).S(r.Details).End();
                break;
            case GateRecord r:
                Begin("audits").S("").S("gate").S(r.Rule).S(r.Metric).V(r.Measured).S(r.Passed ? "passed" : $"failed: {r.Detail}").End();
                break;
            case TakedownRecord r:
                Begin("takedowns").S(r.Selector).V(r.Documents).S(r.AffectedArtifacts).V(r.AppliedAt).End();
                break;
            default:
                Ignored++;
                break;
        }
    }

    /// <summary>
    /// A document record with its content hash computed by the thread that wrote it to the ledger (where the text is
    /// still in cache), so the single writer thread only appends.
    /// </summary>
    /// <remarks>It keeps the document's id, source and metadata but not its text, so queued records do not hold texts in memory.</remarks>
    internal sealed record HashedDocumentRecord(string StepId, string DocumentId, SourceRef Source, Meta Meta, string ContentHash, long TextBytes) : LedgerRecord;

    [ThreadStatic]
    private static byte[]? t_hashBuffer;

    /// <summary>Adds the content hash to a document record (any thread).</summary>
    internal static HashedDocumentRecord WithHash(DocumentEnteredRecord r)
    {
        var d = r.Document;
        var hash = ContentHash(d.Text, out long n);
        return new(r.StepId, d.Id, d.Source, d.Meta, hash, n);
    }

    /// <summary><see cref="DocumentId.ContentHash"/> (xxh128 of the UTF-8 text, lower-case hex) and the UTF-8 length, without allocating the bytes.</summary>
    internal static string ContentHash(string text, out long utf8Bytes)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        var buffer = t_hashBuffer;
        if (buffer is null || buffer.Length < max)
        {
            if (max > 1 << 22) // very large text: do not keep a huge buffer per thread
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                utf8Bytes = bytes.Length;
                return Convert.ToHexStringLower(XxHash128.Hash(bytes));
            }
            t_hashBuffer = buffer = new byte[Math.Max(max, 1 << 16)];
        }
        int n = Encoding.UTF8.GetBytes(text, buffer);
        utf8Bytes = n;
        return Convert.ToHexStringLower(XxHash128.Hash(buffer.AsSpan(0, n)));
    }

    internal static string ActionName(OutcomeAction action) => action switch
    {
        OutcomeAction.Kept => "kept",
        OutcomeAction.Modified => "modified",
        OutcomeAction.Dropped => "dropped",
        _ => "error",
    };

    private void AppendDocument(HashedDocumentRecord r)
    {
        var src = r.Source;
        var meta = r.Meta;
        Begin("documents").S(r.DocumentId).S(r.StepId).S(src.File).V(src.Offset).S(src.OffsetKind).S(src.RecordId).S(src.Url)
            .S(meta.GetString("domain")).S(meta.GetString("host")).V(src.FetchTime).S(src.ContentType).S(r.ContentHash).V(r.TextBytes)
            .S(meta.GetString("licence")).S(meta.GetString("licence_evidence")).List(meta.GetStrings("opt_out"))
            .S(meta.GetString("language")).S(meta.GetString("title")).Null().Null().Null().End();
    }

    private void AppendUpdate(DocumentMetaChangedRecord r)
    {
        var meta = r.Document.Meta;
        Begin("document_updates").S(r.Document.Id).S(r.StepId).S(meta.GetString("domain")).S(meta.GetString("host"))
            .S(meta.GetString("licence")).S(meta.GetString("licence_evidence")).List(meta.GetStrings("opt_out"))
            .S(meta.GetString("language")).S(meta.GetString("title")).S(r.Document.Source.Url).End();
    }

    public void AppendArtifact(string stepId, Artifact a)
    {
        string? props = null;
        if (a.Properties is { Count: > 0 } p)
            props = JsonSerializer.Serialize(p.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value));
        var format = a.Get("format") ?? FormatOf(a.Path);
        Begin("artifacts").S(stepId).S(a.Kind).S(a.Path.Replace('\\', '/')).S(format).S(props).End();
    }

    internal static string? FormatOf(string path)
    {
        var p = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? path[..^3] : path;
        var ext = Path.GetExtension(p).TrimStart('.').ToLowerInvariant();
        return ext.Length == 0 ? null : ext;
    }

    /// <summary>Parses the batch reference of a training step: [{"shard":..,"offset":..,"length":..}, ...].</summary>
    private void AppendBatches(long step, string batchRef)
    {
        if (string.IsNullOrWhiteSpace(batchRef) || batchRef[0] != '[') return;
        try
        {
            using var doc = JsonDocument.Parse(batchRef);
            foreach (var e in doc.RootElement.EnumerateArray())
            {
                if (e.ValueKind != JsonValueKind.Object) continue;
                if (!e.TryGetProperty("shard", out var shard) || shard.ValueKind != JsonValueKind.String) continue;
                if (!e.TryGetProperty("offset", out var off) || !off.TryGetInt64(out var offset)) continue;
                long length = e.TryGetProperty("length", out var len) && len.TryGetInt64(out var l) ? l : 1;
                var name = shard.GetString()!.Replace('\\', '/');
                name = name[(name.LastIndexOf('/') + 1)..];
                Begin("train_batches").V(step).S(name).V(offset).V(length).End();
            }
        }
        catch (JsonException)
        {
            // not a batch list: the raw text stays in train_metrics.batch_ref
        }
    }

    /// <summary>Closes the appenders (flushing their rows) and commits the transaction.</summary>
    public void Commit()
    {
        foreach (var a in _appenders.Values) a.Dispose();
        _appenders.Clear();
        _transaction?.Commit();
        _transaction?.Dispose();
        _transaction = null;
        PendingRows = 0;
    }

    public void Dispose()
    {
        foreach (var a in _appenders.Values)
        {
            try { a.Dispose(); } catch (DuckDBException) { }
        }
        _appenders.Clear();
        if (_transaction is not null)
        {
            try { _transaction.Rollback(); } catch (DuckDBException) { }
            _transaction.Dispose();
            _transaction = null;
        }
    }
}
