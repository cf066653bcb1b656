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
    private byte[] _buffer = new byte[1 << 16];

    public LedgerAppender(DuckDBConnection connection, string runId, long firstSeq)
    {
        _connection = connection;
        _runId = runId;
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
        return a.CreateRow().AppendValue(_runId).AppendValue((long?)Seq++);
    }

    public void Append(LedgerRecord record)
    {
        switch (record)
        {
            case DocumentEnteredRecord r:
                AppendDocument(r);
                break;
            case DocumentMetaChangedRecord r:
                AppendUpdate(r);
                break;
            case DocumentEventRecord r:
                Row("events").AppendValue(r.DocumentId).AppendValue(r.StepId).AppendValue(ActionName(r.Action))
                    .AppendValue(r.Reason).AppendValue(r.Details).AppendNullValue().AppendNullValue().EndRow();
                break;
            case DocumentWrittenRecord r:
                Row("outputs").AppendValue(r.DocumentId).AppendValue(r.StepId).AppendValue(r.OutputPath).EndRow();
                break;
            case StepErrorRecord r:
                Row("events").AppendValue(r.DocumentId).AppendValue(r.StepId).AppendValue("error")
                    .AppendValue(r.Reason).AppendValue(r.Message).AppendValue(r.File).AppendValue(r.Offset).EndRow();
                break;
            case SourceFileRecord r:
                Row("sources").AppendValue(r.Path).AppendValue((long?)r.SizeBytes).AppendValue(r.Sha256).AppendValue(r.Format).EndRow();
                break;
            case ArtifactRecord r:
                AppendArtifact(r.StepId, r.Artifact);
                break;
            case DedupClusterRecord r:
                Row("dedup_clusters").AppendValue(r.ClusterId).AppendValue(r.DocumentId).AppendValue(r.RepresentativeId)
                    .AppendValue((double?)r.Similarity).AppendValue(r.StepId).EndRow();
                break;
            case PiiCountRecord r:
                Row("pii_redactions").AppendValue(r.DocumentId).AppendValue(r.EntityType).AppendValue((int?)r.Count)
                    .AppendValue(r.Mode).AppendValue(r.StepId).EndRow();
                break;
            case ShardSpanRecord r:
                var file = r.ShardFile.Replace('\\', '/');
                int slash = file.LastIndexOf('/');
                Row("shards").AppendValue(file).AppendValue(slash >= 0 ? file[(slash + 1)..] : file)
                    .AppendValue(slash >= 0 ? file[..slash] : "").AppendValue(r.DocumentId)
                    .AppendValue((long?)r.TokenStart).AppendValue((long?)r.TokenCount).AppendValue(r.Split).AppendValue(r.Domain).EndRow();
                break;
            case CheckpointRecord r:
                Row("checkpoints").AppendValue(r.Path.Replace('\\', '/')).AppendValue((long?)r.Step).AppendValue((long?)r.TokensSeen)
                    .AppendValue(r.TrainLoss).AppendValue(r.ValLoss).AppendValue(r.ShardSet.Replace('\\', '/').TrimEnd('/'))
                    .AppendValue((DateTimeOffset?)r.SavedAt).EndRow();
                break;
            case TrainMetricRecord r:
                Row("train_metrics").AppendValue((long?)r.Step).AppendValue((double?)r.Loss).AppendValue((double?)r.LearningRate)
                    .AppendValue((double?)r.GradNorm).AppendValue((double?)r.TokensPerSecond).AppendValue(r.BatchRef).EndRow();
                AppendBatches(r.Step, r.BatchRef);
                break;
            case AuditRecord r:
                Row("audits").AppendValue(r.Checkpoint).AppendValue(r.Kind).AppendValue(r.Domain).AppendValue(r.Metric)
                    .AppendValue((double?)r.Value).AppendValue(r.Details).EndRow();
                break;
            case TakedownRecord r:
                Row("takedowns").AppendValue(r.Selector).AppendValue((int?)r.Documents).AppendValue(r.AffectedArtifacts)
                    .AppendValue((DateTimeOffset?)r.AppliedAt).EndRow();
                break;
            default:
                Ignored++;
                break;
        }
    }

    internal static string ActionName(OutcomeAction action) => action switch
    {
        OutcomeAction.Kept => "kept",
        OutcomeAction.Modified => "modified",
        OutcomeAction.Dropped => "dropped",
        _ => "error",
    };

    private void AppendDocument(DocumentEnteredRecord r)
    {
        var d = r.Document;
        var src = d.Source;
        var meta = d.Meta;
        // content hash = DocumentId.ContentHash(text), computed here on the writer thread with a reused buffer
        int max = Encoding.UTF8.GetMaxByteCount(d.Text.Length);
        if (max > _buffer.Length) _buffer = new byte[Math.Max(max, _buffer.Length * 2)];
        int n = Encoding.UTF8.GetBytes(d.Text, _buffer);
        var hash = Convert.ToHexStringLower(XxHash128.Hash(_buffer.AsSpan(0, n)));
        var optOut = meta.GetStrings("opt_out");
        var row = Row("documents").AppendValue(d.Id).AppendValue(r.StepId).AppendValue(src.File).AppendValue((long?)src.Offset)
            .AppendValue(src.OffsetKind).AppendValue(src.RecordId).AppendValue(src.Url).AppendValue(meta.GetString("domain"))
            .AppendValue(meta.GetString("host")).AppendValue(src.FetchTime).AppendValue(src.ContentType)
            .AppendValue(hash).AppendValue((long?)n).AppendValue(meta.GetString("licence")).AppendValue(meta.GetString("licence_evidence"));
        row = optOut.Count == 0 ? row.AppendNullValue() : row.AppendValue(optOut);
        row.AppendValue(meta.GetString("language")).AppendValue(meta.GetString("title"))
            .AppendNullValue().AppendNullValue().AppendNullValue().EndRow();
    }

    private void AppendUpdate(DocumentMetaChangedRecord r)
    {
        var meta = r.Document.Meta;
        var optOut = meta.GetStrings("opt_out");
        var row = Row("document_updates").AppendValue(r.Document.Id).AppendValue(r.StepId).AppendValue(meta.GetString("domain"))
            .AppendValue(meta.GetString("host")).AppendValue(meta.GetString("licence")).AppendValue(meta.GetString("licence_evidence"));
        row = optOut.Count == 0 ? row.AppendNullValue() : row.AppendValue(optOut);
        row.AppendValue(meta.GetString("language")).AppendValue(meta.GetString("title")).EndRow();
    }

    public void AppendArtifact(string stepId, Artifact a)
    {
        string? props = null;
        if (a.Properties is { Count: > 0 } p)
            props = JsonSerializer.Serialize(p.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value));
        var format = a.Get("format") ?? FormatOf(a.Path);
        Row("artifacts").AppendValue(stepId).AppendValue(a.Kind).AppendValue(a.Path.Replace('\\', '/')).AppendValue(format).AppendValue(props).EndRow();
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
                Row("train_batches").AppendValue((long?)step).AppendValue(name).AppendValue((long?)offset).AppendValue((long?)length).EndRow();
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
