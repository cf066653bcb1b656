using System.Diagnostics;
using System.Threading.Channels;
using DuckDB.NET.Data;
using Pipeline.Core.Ledger;

namespace Pipeline.Provenance;

/// <summary>
/// The provenance ledger in a DuckDB file. <see cref="Write"/> queues records without blocking (a record type with no
/// table mapping throws there); producers await <see cref="WaitForRoomAsync"/> between batches, which holds them while
/// more than <see cref="LedgerOptions.Capacity"/> records wait. One writer thread appends them through the table
/// mappings (<see cref="EngineMappings"/> and the modules'), checked against the tables when the ledger opens, with DuckDB appenders inside
/// transactions committed every <c>commitRows</c> rows or every second. A crash loses at most the uncommitted
/// tail and leaves the run row at status <c>running</c>; the next run of the same DAG (same hash, same task) on
/// the same file continues that run: it keeps its run id, deletes its rows and writes them again, so the final
/// ledger equals that of an uninterrupted run. Older runs of the same task are marked superseded.
/// </summary>
public sealed class DuckDbLedger : ILedger
{
    private readonly Channel<LedgerRecord> _channel;
    private readonly LedgerMappings _mappings;
    private readonly int _capacity;
    private readonly int _commitRows;
    private long _queued;
    private TaskCompletionSource? _room;
    private readonly object _roomLock = new();
    private readonly TimeSpan _commitInterval;
    private DuckDBConnection? _connection;
    private Thread? _thread;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Exception? _failure;
    private bool _completed;

    /// <summary>Creates a ledger writing to <paramref name="path"/> (created if missing), as <paramref name="options"/> say.</summary>
    public DuckDbLedger(string path, LedgerOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        options ??= new LedgerOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.CommitRows, 1);
        Path = System.IO.Path.GetFullPath(path);
        RecordKeptEvents = options.RecordKeptEvents;
        _mappings = EngineMappings.Create();
        if (options.Mappings is { } m) _mappings.Add(m);
        _capacity = options.Capacity;
        _commitRows = options.CommitRows;
        _commitInterval = TimeSpan.FromSeconds(1);
        // unbounded: Write never blocks; WaitForRoomAsync is the back-pressure
        _channel = Channel.CreateUnbounded<LedgerRecord>(new UnboundedChannelOptions
        {
            SingleReader = true,
            SingleWriter = false,
            AllowSynchronousContinuations = false,
        });
    }

    /// <summary>The ledger file.</summary>
    public string Path { get; }

    /// <summary>The ledger's run id: the runner's id, or that of the incomplete run this one continues.</summary>
    public string? RunId { get; private set; }

    /// <summary>True when this run continues an incomplete earlier run of the same DAG.</summary>
    public bool Continued { get; private set; }

    /// <summary>Time the writer thread spent appending and committing (not waiting).</summary>
    public TimeSpan WriterBusy { get; private set; }

    /// <summary>Time <see cref="CompleteRunAsync"/> spent after the writer drained (final statuses, run row).</summary>
    public TimeSpan FinalizeTime { get; private set; }

    /// <summary>Time closing the database took (DuckDB's final checkpoint of what the WAL still holds).</summary>
    public TimeSpan CloseTime { get; private set; }

    /// <summary>CPU time of the writer thread (Linux; zero elsewhere).</summary>
    public TimeSpan WriterCpu { get; private set; }

    /// <summary>Records written.</summary>
    public long RecordsWritten { get; private set; }

    /// <inheritdoc/>
    public bool Enabled => true;

    /// <inheritdoc/>
    public bool RecordKeptEvents { get; }

    /// <inheritdoc/>
    public IReadOnlyList<string> MirroredMetaKeys => MirroredMeta.Names;

    /// <inheritdoc/>
    public ValueTask WaitForRoomAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Read(ref _queued) < _capacity || _failure is not null) return ValueTask.CompletedTask;
        TaskCompletionSource room;
        lock (_roomLock) room = _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // the writer may have drained between the check and the lock
        if (Interlocked.Read(ref _queued) < _capacity) return ValueTask.CompletedTask;
        return new ValueTask(room.Task.WaitAsync(cancellationToken));
    }

    private void SignalRoom()
    {
        if (Volatile.Read(ref _room) is null) return;
        TaskCompletionSource? room;
        lock (_roomLock)
        {
            room = _room;
            _room = null;
        }
        room?.TrySetResult();
    }

    /// <inheritdoc/>
    public Task StartRunAsync(LedgerRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_connection is not null) throw new InvalidOperationException("the ledger run has already started");
        cancellationToken.ThrowIfCancellationRequested();
        var c = LedgerDatabase.OpenWrite(Path);
        try
        {
            // one DuckDB thread: the ledger's writer thread runs the appends and commits itself; DuckDB's extra worker
            // threads only competed with the pipeline's own workers for the cores (measured: about 1 CPU-s more per
            // 200,000 documents on 2 cores)
            LedgerDatabase.Exec(c, "SET threads = 1");
            // checkpoint every 256 MB of WAL instead of DuckDB's 16 MB: checkpoints of tables that keep growing redo part of
            // their work (the last row group is not full yet), so fewer of them cost less in total (measured on a
            // 200,000-document curation DAG: 1.2 CPU-s less on the writer, 0.6 s more when the file is closed); every
            // commit is in the WAL either way, so a crash loses nothing more, and a reopened ledger replays at most 256 MB
            LedgerDatabase.Exec(c, "SET checkpoint_threshold = '256MB'");
            LedgerSchema.Check(c, _mappings.Tables);
            RunId = BeginRun(c, run);
        }
        catch
        {
            c.Dispose();
            throw;
        }
        _connection = c;
        _thread = new Thread(WriterLoop) { IsBackground = true, Name = "provenance-ledger" };
        _thread.Start();
        return Task.CompletedTask;
    }

    private string BeginRun(DuckDBConnection c, LedgerRun run)
    {
        using var tx = c.BeginTransaction();
        string? continued = null;
        using (var cmd = c.CreateCommand())
        {
            cmd.CommandText = """
                SELECT run_id FROM runs
                WHERE superseded_by IS NULL AND status NOT IN ('completed', 'gate_failed') AND dag_hash = $1 AND task_index = $2 AND task_count = $3
                ORDER BY started_at DESC LIMIT 1
                """;
            cmd.Parameters.Add(new DuckDBParameter(run.DagHash));
            cmd.Parameters.Add(new DuckDBParameter(run.TaskIndex));
            cmd.Parameters.Add(new DuckDBParameter(run.TaskCount));
            continued = cmd.ExecuteScalar() as string;
        }
        var runId = continued ?? run.RunId;
        if (continued is not null)
        {
            foreach (var t in LedgerSchema.RunTables) LedgerDatabase.Exec(c, $"DELETE FROM {t} WHERE run_id = $1", runId);
            LedgerDatabase.Exec(c, """
                UPDATE runs SET status = 'running', ended_at = NULL, attempts = attempts + 1, last_attempt_id = $2,
                       version = $3, dag_text = $4, dag_name = $5
                WHERE run_id = $1
                """, runId, run.RunId, run.Version, run.DagText, run.DagName);
            Continued = true;
        }
        else
        {
            LedgerDatabase.Exec(c, """
                INSERT INTO runs (run_id, dag_name, dag_text, dag_hash, version, task_index, task_count, output_dir,
                                  started_at, ended_at, status, attempts, last_attempt_id, superseded_by, stage)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, 'running', 1, $1, NULL, $10)
                """, runId, run.DagName, run.DagText, run.DagHash, run.Version, run.TaskIndex, run.TaskCount,
                ".", run.StartedAt, run.Stage); // output_dir: the ledger's own folder, stored relative to it (LedgerPaths)
        }
        // earlier runs of this task in this file describe outputs this run replaces
        LedgerDatabase.Exec(c, """
            UPDATE runs SET superseded_by = $1, status = CASE WHEN status = 'running' THEN 'interrupted' ELSE status END
            WHERE run_id <> $1 AND superseded_by IS NULL AND task_index = $2 AND task_count = $3
            """, runId, run.TaskIndex, run.TaskCount);
        tx.Commit();
        return runId;
    }

    /// <inheritdoc/>
    public void Write(LedgerRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record is not FlushMarker && !_mappings.Maps(record.GetType()))
            throw new InvalidOperationException($"the ledger has no table mapping for {record.GetType().Name}: its module registers one (LedgerOptions.Mappings)");
        // the content hash is computed here, on the calling thread, so the single writer thread only appends
        if (record is DocumentEnteredRecord entered) record = HashedDocumentRecord.Of(entered);
        if (_connection is null) throw new InvalidOperationException("the ledger run has not started (call StartRunAsync first)");
        Interlocked.Increment(ref _queued);
        if (_channel.Writer.TryWrite(record)) return;
        Interlocked.Decrement(ref _queued);
        if (_failure is { } f) throw new InvalidOperationException($"provenance ledger {Path} failed: {f.Message}", f);
        throw new InvalidOperationException("the ledger run is already complete");
    }

    /// <inheritdoc/>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_connection is null || _completed) return;
        var marker = new FlushMarker();
        Write(marker);
        await marker.Done.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task CompleteRunAsync(string status, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        if (_connection is null) throw new InvalidOperationException("the ledger run has not started");
        if (_completed) return;
        _completed = true;
        await StopWriterAsync().ConfigureAwait(false);
        if (_failure is { } f) throw new InvalidOperationException($"provenance ledger {Path} failed: {f.Message}", f);
        cancellationToken.ThrowIfCancellationRequested();
        var c = _connection;
        var sw = Stopwatch.StartNew();
        if (status is not ("completed" or "gate_failed"))
        {
            // first and on its own, because a cancelled process may be ended soon after (the CLI exits 1.5 s after a
            // signal): a sink that did not publish its file wrote nothing, so its documents were never "written"
            using var first = c.BeginTransaction();
            LedgerDatabase.Exec(c, "DELETE FROM outputs WHERE run_id = $1 AND step_id NOT IN (SELECT DISTINCT step_id FROM artifacts WHERE run_id = $1)", RunId);
            LedgerDatabase.Exec(c, "UPDATE runs SET status = $2, ended_at = $3 WHERE run_id = $1", RunId, status, DateTimeOffset.UtcNow);
            first.Commit();
        }
        using var tx = c.BeginTransaction();
        LedgerDatabase.Exec(c, "UPDATE runs SET status = $2, ended_at = $3 WHERE run_id = $1", RunId, status, DateTimeOffset.UtcNow);
        // metadata found by later steps (licence, opt-out, language, title from the HTML extractor): the latest wins
        LedgerDatabase.Exec(c, $"""
            UPDATE documents SET {MirroredMeta.Assign("u")}
            FROM (SELECT * FROM latest_document_updates WHERE run_id = $1) u
            WHERE documents.run_id = $1 AND documents.doc_id = u.doc_id
            """, RunId);
        // PII: a document the PII filter found PII in keeps, in every row the ledger holds of it, the URL, title, host
        // and domain that filter recorded (redacted), so raw values read at entry or by earlier steps are not kept
        LedgerDatabase.Exec(c, """
            CREATE TEMP TABLE pii_scrub AS
            SELECT doc_id, arg_max(url, seq) AS url, arg_max(title, seq) AS title, arg_max(host, seq) AS host, arg_max(domain, seq) AS domain
            FROM document_updates
            WHERE run_id = $1 AND EXISTS (SELECT 1 FROM pii_redactions p
                  WHERE p.run_id = $1 AND p.doc_id = document_updates.doc_id AND p.step_id = document_updates.step_id)
            GROUP BY doc_id
            """, RunId);
        LedgerDatabase.Exec(c, """
            UPDATE document_updates SET url = s.url, title = s.title, host = s.host, domain = s.domain FROM pii_scrub s
            WHERE document_updates.run_id = $1 AND document_updates.doc_id = s.doc_id
            """, RunId);
        LedgerDatabase.Exec(c, """
            UPDATE documents SET url = coalesce(s.url, documents.url), title = s.title, host = s.host, domain = s.domain FROM pii_scrub s
            WHERE documents.run_id = $1 AND documents.doc_id = s.doc_id
            """, RunId);
        LedgerDatabase.Exec(c, "DROP TABLE pii_scrub");
        // each document's final status, by the one definition (document_status_of, which the document_status view uses too)
        LedgerDatabase.Exec(c, """
            UPDATE documents SET status = document_status_of(s.action, s.written, $2), dropped_by = s.step_id, drop_reason = s.reason
            FROM (SELECT d.doc_id, e.action, e.step_id, e.reason, w.doc_id IS NOT NULL AS written
                  FROM (SELECT DISTINCT doc_id FROM documents WHERE run_id = $1) d
                  LEFT JOIN (SELECT doc_id, arg_min(action, seq) AS action, arg_min(step_id, seq) AS step_id, arg_min(reason, seq) AS reason
                             FROM events WHERE run_id = $1 AND doc_id IS NOT NULL AND action IN ('dropped', 'error') GROUP BY doc_id) e USING (doc_id)
                  LEFT JOIN (SELECT DISTINCT doc_id FROM outputs WHERE run_id = $1) w USING (doc_id)) s
            WHERE documents.run_id = $1 AND documents.doc_id = s.doc_id
            """, RunId, status);
        tx.Commit();
        FinalizeTime = sw.Elapsed;
    }

    private async Task StopWriterAsync()
    {
        _channel.Writer.TryComplete();
        await _writerDone.Task.ConfigureAwait(false);
    }

    private void WriterLoop()
    {
        var reader = _channel.Reader;
        using var appender = new LedgerAppender(_connection!, _mappings, RunId!, 0, new LedgerPaths(System.IO.Path.GetDirectoryName(Path)!));
        var sinceCommit = Stopwatch.StartNew();
        var busy = new Stopwatch();
        var cpu0 = ThreadCpuTime();
        long records = 0;
        try
        {
            while (true)
            {
                if (reader.TryRead(out var record))
                {
                    busy.Start();
                    records++;
                    if (Interlocked.Decrement(ref _queued) < _capacity / 2) SignalRoom();
                    if (record is FlushMarker fm)
                    {
                        appender.Commit();
                        fm.Done.TrySetResult();
                        sinceCommit.Restart();
                        busy.Stop();
                        continue;
                    }
                    appender.Append(record);
                    // the clock is read every 256 records, not per record (the interval is a second)
                    if (appender.PendingRows >= _commitRows || ((records & 255) == 0 && appender.PendingRows > 0 && sinceCommit.Elapsed >= _commitInterval))
                    {
                        appender.Commit();
                        sinceCommit.Restart();
                    }
                    continue;
                }
                busy.Stop();
                var wait = reader.WaitToReadAsync().AsTask();
                if (appender.PendingRows > 0)
                {
                    var left = _commitInterval - sinceCommit.Elapsed;
                    if (left <= TimeSpan.Zero || !wait.Wait(left))
                    {
                        busy.Start();
                        appender.Commit();
                        busy.Stop();
                        sinceCommit.Restart();
                    }
                }
                if (!wait.GetAwaiter().GetResult()) break;
            }
            busy.Start();
            appender.Commit();
            busy.Stop();
        }
        catch (Exception ex)
        {
            _failure = ex;
            _channel.Writer.TryComplete(ex);
            SignalRoom();
            while (reader.TryRead(out var r))
                if (r is FlushMarker fm) fm.Done.TrySetException(ex);
        }
        finally
        {
            WriterBusy = busy.Elapsed;
            WriterCpu = ThreadCpuTime() - cpu0;
            RecordsWritten = records;
            _writerDone.TrySetResult();
        }
    }

    private static TimeSpan ThreadCpuTime() => TimeSpan.FromTicks(Pipeline.Core.Running.ThreadCpu.NowTicks());

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (_connection is null) return;
        if (_thread is not null && !_writerDone.Task.IsCompleted) await StopWriterAsync().ConfigureAwait(false);
        var sw = Stopwatch.StartNew();
        _connection.Dispose(); // DuckDB checkpoints what the WAL still holds
        CloseTime = sw.Elapsed;
        _connection = null;
    }

    private sealed record FlushMarker : LedgerRecord
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
