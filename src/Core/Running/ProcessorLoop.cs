using System.Buffers;
using System.Text;
using System.Threading.Channels;
using Pipeline.Core.Dag;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>
/// Runs a processor step on its merged input: batch by batch on one worker, or on N workers with the results
/// handed on in input order. Kept documents go to the main edges, dropped ones to the <c>rejected</c> port.
/// </summary>
internal sealed class ProcessorLoop(RunScope scope, PlannedStep s, List<Channel<Batch>> ins, List<Channel<Batch>> main, List<Channel<Batch>> rejected)
{
    private readonly StepMeter _meter = scope.MeterFor(s);
    private readonly LedgerEmitter _ledger = scope.EmitterFor(s);
    private readonly StepContext _ctx = scope.ContextFor(s);

    private readonly record struct Split(Batch Main, Batch Rejected);

    public async Task RunAsync(CancellationToken ct)
    {
        var step = (ProcessorStep)s.Descriptor.Create(s.Options);
        await step.OpenAsync(_ctx, ct).ConfigureAwait(false);
        int workers = step.Sequential ? 1 : s.Declaration.Workers;
        if (workers == 1)
        {
            await foreach (var b in Edges.MergeAsync(ins, ct).ConfigureAwait(false))
                await EmitAsync(await ProcessAsync(step, b, ct).ConfigureAwait(false), ct).ConfigureAwait(false);
        }
        else
        {
            var pending = Channel.CreateBounded<Task<Split>>(new BoundedChannelOptions(workers) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });
            var producer = Task.Run(async () =>
            {
                try
                {
                    await foreach (var b in Edges.MergeAsync(ins, ct).ConfigureAwait(false))
                        await pending.Writer.WriteAsync(Task.Run(() => ProcessAsync(step, b, ct).AsTask(), ct), ct).ConfigureAwait(false);
                    pending.Writer.TryComplete();
                }
                catch (Exception ex)
                {
                    pending.Writer.TryComplete(ex);
                }
            }, ct);
            await foreach (var t in pending.Reader.ReadAllAsync(ct).ConfigureAwait(false))
                await EmitAsync(await t.ConfigureAwait(false), ct).ConfigureAwait(false);
            await producer.ConfigureAwait(false);
        }
        var artifacts = await step.CompleteAsync(_ctx, ct).ConfigureAwait(false);
        scope.Publish(s, _ledger, artifacts);
        if (step is IDisposable d) d.Dispose();
    }

    private async ValueTask EmitAsync(Split r, CancellationToken ct)
    {
        await _ledger.WaitForRoomAsync(ct).ConfigureAwait(false);
        if (main.Count > 0) await Edges.EmitAsync(main, r.Main, ct).ConfigureAwait(false);
        if (rejected.Count > 0) await Edges.EmitAsync(rejected, r.Rejected, ct).ConfigureAwait(false);
    }

    private async ValueTask<Split> ProcessAsync(ProcessorStep step, Batch b, CancellationToken ct)
    {
        int count = b.Count;
        if (count == 0) return new Split(Batch.Empty, Batch.Empty);
        // Outcomes live only for this call: rent them, and clear them before returning so the pool holds no documents.
        var outcomes = ArrayPool<Outcome>.Shared.Rent(count);
        try
        {
            var cpu = StepMeter.StartCpu();
            await step.ProcessBatchAsync(b.Memory, outcomes.AsMemory(0, count), _ctx, ct).ConfigureAwait(false);
            _meter.StopCpu(cpu);
            return Collect(b, outcomes);
        }
        finally
        {
            Array.Clear(outcomes, 0, count);
            ArrayPool<Outcome>.Shared.Return(outcomes);
        }
    }

    private Split Collect(Batch b, Outcome[] outcomes)
    {
        int count = b.Count;
        var input = b.Docs;
        var inputBytes = b.Bytes;
        // Documents kept unchanged (same object) pass on in the input batch itself; a new batch is built only
        // from the first document that was changed, dropped or failed.
        Document[]? kept = null;
        int[]? keptBytes = null;
        int nk = 0;
        Document[]? dropped = null;
        int[]? droppedBytes = null;
        int nd = 0, nm = 0;
        long bytesIn = 0, bytesOut = 0;
        for (int i = 0; i < count; i++)
        {
            var o = outcomes[i];
            var src = input[i];
            int srcBytes = inputBytes[i];
            bytesIn += srcBytes;
            if (o.Document is null) throw new InvalidOperationException($"step returned no outcome for document {src.Id}");
            switch (o.Action)
            {
                case OutcomeAction.Kept:
                case OutcomeAction.Modified:
                    int outBytes = ReferenceEquals(o.Document.Text, src.Text) ? srcBytes : Encoding.UTF8.GetByteCount(o.Document.Text);
                    if (!ReferenceEquals(o.Document, src)) StartCopy();
                    if (kept is not null)
                    {
                        kept[nk] = o.Document;
                        keptBytes![nk] = outBytes;
                    }
                    nk++;
                    if (o.Action == OutcomeAction.Modified) nm++;
                    bytesOut += outBytes;
                    _ledger.Decided(src, o, o.Reason);
                    break;
                case OutcomeAction.Dropped:
                    StartCopy();
                    var reason = o.Reason ?? "dropped";
                    _meter.Dropped(reason);
                    dropped ??= new Document[count];
                    droppedBytes ??= new int[count];
                    dropped[nd] = o.Document.Meta.ContainsKey("drop_reason")
                        ? o.Document
                        : o.Document with { Meta = o.Document.Meta.Set("drop_reason", reason).Set("dropped_by", s.Id) };
                    droppedBytes[nd++] = ReferenceEquals(o.Document.Text, src.Text) ? srcBytes : Encoding.UTF8.GetByteCount(o.Document.Text);
                    _ledger.Decided(src, o, reason);
                    break;
                default:
                    StartCopy();
                    _meter.Failed(o.Reason ?? "error");
                    _ledger.Decided(src, o with { Action = OutcomeAction.Error }, o.Reason);
                    break;
            }
        }
        _meter.Entered(count, bytesIn);
        _meter.Passed(nk, bytesOut);
        _meter.Modified(nm);
        var mainBatch = nk == 0 ? Batch.Empty : kept is null ? b : new Batch(kept, nk, keptBytes!);
        return new Split(mainBatch, nd == 0 ? Batch.Empty : new Batch(dropped!, nd, droppedBytes!));

        void StartCopy()
        {
            if (kept is not null) return;
            kept = new Document[count];
            keptBytes = new int[count];
            Array.Copy(input, kept, nk);
            Array.Copy(inputBytes, keptBytes, nk);
        }
    }
}
