using System.Threading.Channels;
using Pipeline.Core.Dag;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Running;

/// <summary>Wires the steps of one stream component with edges and runs one loop per step until all end.</summary>
internal static class StreamComponent
{
    public static async Task RunAsync(RunScope scope, ExecutionUnit unit, CancellationToken ct)
    {
        var capacity = scope.Plan.File.ChannelCapacity;
        var outputs = new Dictionary<(string, string), List<Channel<Batch>>>();
        var inputs = new Dictionary<string, List<Channel<Batch>>>(StringComparer.Ordinal);
        foreach (var s in unit.Steps)
        {
            var list = new List<Channel<Batch>>();
            foreach (var n in s.StreamNeeds)
            {
                var edge = Edges.Create(capacity);
                list.Add(edge);
                var key = (n.StepId, n.Port ?? "");
                if (!outputs.TryGetValue(key, out var o)) outputs[key] = o = [];
                o.Add(edge);
            }
            inputs[s.Id] = list;
        }

        var loops = new List<Task>();
        foreach (var s in unit.Steps)
        {
            var main = outputs.GetValueOrDefault((s.Id, "")) ?? [];
            var rejected = outputs.GetValueOrDefault((s.Id, "rejected")) ?? [];
            var ins = inputs[s.Id];
            loops.Add(Task.Run(async () =>
            {
                Exception? failure = null;
                try
                {
                    await scope.GuardAsync(s, () => s.Descriptor.Kind switch
                    {
                        StepKind.Source => new SourceLoop(scope, s, main).RunAsync(ct),
                        StepKind.Processor => new ProcessorLoop(scope, s, ins, main, rejected).RunAsync(ct),
                        StepKind.Sink => new SinkLoop(scope, s, ins).RunAsync(ct),
                        _ => throw new InvalidOperationException($"{s.Descriptor.Name} cannot run in a stream"),
                    }).ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure = ex;
                    throw;
                }
                finally
                {
                    Edges.Complete(main.Concat(rejected), failure);
                }
            }, ct));
        }
        await Task.WhenAll(loops).ConfigureAwait(false);
    }
}
