using Pipeline.Core.Ledger;
using Pipeline.Core.Running;
using Pipeline.Core.Util;

namespace Pipeline.Core.Steps;

/// <summary>What the runner gives a step: run facts, artifact inputs, the ledger, error reporting, paths.</summary>
public sealed class StepContext
{
    /// <summary>Creates a context (the runner does this; tests may too).</summary>
    public StepContext(string stepId, RunInfo run, StepStats? stats = null, ILedger? ledger = null, IRunLog? log = null,
        IReadOnlyDictionary<string, IReadOnlyList<Artifact>>? inputs = null)
    {
        StepId = stepId;
        Run = run;
        Stats = stats ?? new StepStats(stepId, "");
        Ledger = ledger ?? NullLedger.Instance;
        Log = log ?? NullRunLog.Instance;
        Inputs = inputs ?? new Dictionary<string, IReadOnlyList<Artifact>>();
    }

    /// <summary>A context for tests and tools: output under <paramref name="outputDirectory"/>, inputs relative to it too.</summary>
    public static StepContext ForTool(string stepId, string outputDirectory, ILedger? ledger = null,
        IReadOnlyDictionary<string, IReadOnlyList<Artifact>>? inputs = null, ILedgerReader? ledgerReader = null) =>
        new(stepId, new RunInfo(Guid.NewGuid().ToString("N"), stepId, outputDirectory, outputDirectory), null, ledger, null, inputs)
        {
            LedgerReader = ledgerReader,
        };

    /// <summary>This step's id in the DAG.</summary>
    public string StepId { get; }

    /// <summary>Run facts.</summary>
    public RunInfo Run { get; }

    /// <summary>This step's counters, to read (the runner counts documents; a step reports through the methods below).</summary>
    public StepStats Stats { get; }

    /// <summary>True for a source: records it reports skipped or bad count as read (<c>in</c>) too.</summary>
    internal bool CountsRecordsRead { get; init; }

    /// <summary>The provenance ledger (a no-op one when the ledger is off).</summary>
    public ILedger Ledger { get; }

    /// <summary>Read-only queries over the run's ledger (null when the runner was given no reader).</summary>
    public ILedgerReader? LedgerReader { get; init; }

    /// <summary>Messages for the user.</summary>
    public IRunLog Log { get; }

    /// <summary>Artifacts of the steps this one needs, by step id (only steps that produce artifacts appear).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Artifact>> Inputs { get; }

    /// <summary>All input artifacts of <paramref name="kind"/>, in the order of <c>needs</c>.</summary>
    public IReadOnlyList<Artifact> InputsOfKind(string kind) => Inputs.Values.SelectMany(a => a).Where(a => a.Kind == kind).ToList();

    /// <summary>
    /// A bad record or document: counted as an error in stats (by reason), logged as a warning
    /// and written to the ledger. Reading goes on; the step decides whether to fail.
    /// </summary>
    public void ReportError(string reason, string message, string? file = null, long? offset = null, string? documentId = null)
    {
        Stats.AddError(reason);
        if (CountsRecordsRead) Stats.AddIn(1);
        var where = file is null ? "" : offset is null ? $"{file}: " : $"{file} @ byte {offset}: ";
        Log.Warn($"[{StepId}] {where}{message}");
        Ledger.Write(new StepErrorRecord(StepId, reason, message, file, offset, documentId));
    }

    /// <summary>A source record skipped on purpose (e.g. a WARC <c>request</c> record): counted as dropped with a reason.</summary>
    public void ReportSkipped(string reason, long count = 1)
    {
        Stats.AddDropped(reason, count);
        if (CountsRecordsRead) Stats.AddIn(count);
    }

    /// <summary>
    /// A step-specific figure (tokens written, merges learned, files read): <paramref name="name"/> in snake_case,
    /// the latest <paramref name="value"/> wins. stats.json carries it under the step's <c>metrics</c>, and the end-of-run
    /// table shows it. Use it instead of the runner's counters, which count documents and their UTF-8 bytes only.
    /// </summary>
    public void Metric(string name, double value, string unit)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(unit);
        Stats.SetMetric(new StepMetric(name, value, unit));
    }

    /// <summary>Source bytes consumed (for throughput figures).</summary>
    public void ReportBytesRead(long bytes) => Stats.AddBytesIn(bytes);

    /// <summary>
    /// How far the step has got: <paramref name="done"/> of <paramref name="total"/> <paramref name="unit"/> (total 0 when
    /// unknown), with an optional short detail ("loss 3.21"). Progress views show percent, rate and ETA from it;
    /// call it as often as convenient (it only stores the latest report).
    /// </summary>
    public void ReportProgress(long done, long total, string unit, string? detail = null) =>
        Stats.SetProgress(new StepProgress(done, total, unit, detail));

    /// <summary>Absolute path for an input option value: relative paths resolve against the DAG folder.</summary>
    public string ResolveInput(string path) => PathUtil.Resolve(Run.DagDirectory, path);

    /// <summary>Expands input patterns (globs with *, ? and **) into a sorted, distinct list of files.</summary>
    public IReadOnlyList<string> ExpandInputs(IEnumerable<string> patterns)
    {
        var list = patterns.ToList();
        // files a pattern the DAG wrote absolute names are recorded absolute (as written); see SourceName
        foreach (var p in list.Where(AbsoluteInputs.Contains))
            foreach (var f in Glob.Expand(Run.DagDirectory, p)) _absoluteInputs[f] = 0;
        return Glob.ExpandAll(Run.DagDirectory, list);
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> _absoluteInputs = new(StringComparer.Ordinal);

    /// <summary>The input patterns the DAG wrote as absolute paths (the runner sets them from the DAG; none by default).</summary>
    public IReadOnlySet<string> AbsoluteInputs { get; init; } = new HashSet<string>();

    /// <summary>This task's deterministic share of <paramref name="files"/>: a contiguous block of the sorted list (see <see cref="TaskSharding"/>).</summary>
    public IReadOnlyList<string> TaskShare(IReadOnlyList<string> files) => TaskSharding.Share(files, Run.TaskIndex, Run.TaskCount);

    /// <summary>
    /// Absolute output path for <paramref name="relative"/> under the output folder; when the run is one of
    /// several tasks the task suffix goes before the extension ("docs.parquet" → "docs.task-0003.parquet").
    /// </summary>
    public string OutputPath(string relative) => PathUtil.TaskOutputPath(Run.OutputDirectory, relative, Run.TaskSuffix);

    /// <summary>
    /// How an input file is recorded (in ids, outputs and provenance), '/' separated: as the DAG wrote it. A file an
    /// absolute pattern of <see cref="ExpandInputs"/> named stays absolute; any other (a relative pattern, an upstream
    /// step's output) is relative to the DAG folder, which is where relative paths resolve (docs/outputs.md).
    /// </summary>
    public string SourceName(string absolutePath) =>
        _absoluteInputs.ContainsKey(absolutePath) ? absolutePath.Replace('\\', '/') : PathUtil.Relative(Run.DagDirectory, absolutePath);
}
