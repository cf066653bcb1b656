using System.Diagnostics;
using System.Threading.Channels;
using DuckDB.NET.Data;
using Pipeline.Core.Ledger;

namespace Pipeline.Provenance;

/// <summary>
/// The provenance ledger in a DuckDB file. <see cref="Write"/> queues records on a bounded channel (a full
/// channel blocks the caller: back-pressure); one writer thread appends them with DuckDB appenders inside
/// transactions committed every <c>commitRows</c> rows or every second. A crash loses at most the uncommitted
/// tail and leaves the run row at status <c>running</c>; the next run of the same DAG (same hash, same task) on
/// the same file continues that run: it keeps its run id, deletes its rows and writes them again, so the final
/// ledger equals that of an uninterrupted run. Older runs of the same task are marked superseded.
/// </summary>
public sealed class DuckDbLedger : ILedger
{
    private readonly Channel<LedgerRecord> _channel;
    private readonly int _commitRows;
    private readonly TimeSpan _commitInterval;
    private DuckDBConnection? _connection;
    private Thread? _thread;
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Exception? _failure;
    private bool _completed;

    /// <summary>Creates a ledger writing to <paramref name="path"/> (created if missing).</summary>
    /// <param name="path">The DuckDB file.</param>
    /// <param name="recordKeptEvents">Also record a <c>kept</c> event per document per processor step (large).</param>
    /// <param name="capacity">Records buffered before <see cref="Write"/> blocks.</param>
    /// <param name="commitRows">Rows per transaction at most.</param>
    public DuckDbLedger(string path, bool recordKeptEvents = false, int capacity = 65_536, int commitRows = 200_000)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(commitRows, 1);
        Path = System.IO.Path.GetFullPath(path);
        RecordKeptEvents = recordKeptEvents;
        _commitRows = commitRows;
        _commitInterval = TimeSpan.FromSeconds(1);
        _channel = Channel.CreateBounded<LedgerRecord>(new BoundedChannelOptions(capacity)
        {
            SingleReader = true,
            SingleWriter = false,
            FullMode = BoundedChannelFullMode.Wait,
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
                System.IO.Path.GetDirectoryName(Path), run.StartedAt, run.Stage);
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
        // the content hash is computed here, on the calling thread, so the single writer thread only appends
        if (record is DocumentEnteredRecord entered) record = LedgerAppender.WithHash(entered);
        if (_channel.Writer.TryWrite(record)) return;
        if (_failure is { } f) throw new InvalidOperationException($"provenance ledger {Path} failed: {f.Message}", f);
        if (_connection is null) throw new InvalidOperationException("the ledger run has not started (call StartRunAsync first)");
        try
        {
            _channel.Writer.WriteAsync(record).AsTask().GetAwaiter().GetResult();
        }
        catch (ChannelClosedException ex)
        {
            if (_failure is { } f2) throw new InvalidOperationException($"provenance ledger {Path} failed: {f2.Message}", f2);
            throw new InvalidOperationException("the ledger run is already complete", ex);
        }
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
        using var tx = c.BeginTransaction();
        LedgerDatabase.Exec(c, "UPDATE runs SET status = $2, ended_at = $3 WHERE run_id = $1", RunId, status, DateTimeOffset.UtcNow);
        // materialise each document's final status (the document_status view computes the same live): the first
        // drop or error decides; otherwise kept when the run completed or the document reached a sink
        // metadata found by later steps (licence, opt-out, language, title from the HTML extractor): the latest wins
        LedgerDatabase.Exec(c, """
            UPDATE documents SET domain = coalesce(u.domain, documents.domain), host = coalesce(u.host, documents.host),
                   licence = coalesce(u.licence, documents.licence), licence_evidence = coalesce(u.licence_evidence, documents.licence_evidence),
                   opt_out = coalesce(u.opt_out, documents.opt_out), language = coalesce(u.language, documents.language),
                   title = coalesce(u.title, documents.title), url = coalesce(u.url, documents.url)
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
        // a run whose gate tripped finished every step: its documents are as final as a completed run's
        bool finished = status is "completed" or "gate_failed";
        LedgerDatabase.Exec(c, "UPDATE documents SET status = $2 WHERE run_id = $1", RunId, finished ? "kept" : "unfinished");
        if (!finished)
        {
            // a sink that did not publish its file (cancelled or failed run) wrote nothing: its documents were never "written"
            LedgerDatabase.Exec(c, "DELETE FROM outputs WHERE run_id = $1 AND step_id NOT IN (SELECT DISTINCT step_id FROM artifacts WHERE run_id = $1)", RunId);
            LedgerDatabase.Exec(c, "UPDATE documents SET status = 'kept' WHERE run_id = $1 AND doc_id IN (SELECT doc_id FROM outputs WHERE run_id = $1)", RunId);
        }
        LedgerDatabase.Exec(c, """
            UPDATE documents SET status = e.action, dropped_by = e.step_id, drop_reason = e.reason
            FROM (SELECT doc_id, arg_min(action, seq) AS action, arg_min(step_id, seq) AS step_id, arg_min(reason, seq) AS reason
                  FROM events WHERE run_id = $1 AND doc_id IS NOT NULL AND action IN ('dropped', 'error') GROUP BY doc_id) e
            WHERE documents.run_id = $1 AND documents.doc_id = e.doc_id
            """, RunId);
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
        using var appender = new LedgerAppender(_connection!, RunId!, 0);
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
                    if (record is FlushMarker fm)
                    {
                        appender.Commit();
                        fm.Done.TrySetResult();
                        sinceCommit.Restart();
                        busy.Stop();
                        continue;
                    }
                    appender.Append(record);
                    if (appender.PendingRows >= _commitRows || (appender.PendingRows > 0 && sinceCommit.Elapsed >= _commitInterval))
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
