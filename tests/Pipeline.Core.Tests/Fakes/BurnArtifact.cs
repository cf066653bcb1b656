using System.Globalization;
using Pipeline.Core.Running;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

/// <summary>
/// Spins on a thread-pool thread (like torch or Parallel.For work) until that thread has used <c>millis</c> of CPU
/// (CPU, not wall time: a loaded machine must not change the amount of work), reporting progress as it goes; the
/// CPU it used is in the artifact's "cpu_ticks" property.
/// </summary>
public sealed class BurnArtifact(BurnArtifactOptions options) : ArtifactStep
{
    public override async Task<IReadOnlyList<Artifact>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        long want = TimeSpan.FromMilliseconds(options.Millis).Ticks;
        long used = await Task.Run(() =>
        {
            long t0 = ThreadCpu.NowTicks();
            double x = 1;
            long spent = 0;
            while (spent < want)
            {
                for (int i = 0; i < 10_000; i++) x = Math.Sqrt(x + i);
                spent = ThreadCpu.NowTicks() - t0;
                context.ReportProgress(spent, want, "ticks");
            }
            GC.KeepAlive(x);
            return spent;
        }, cancellationToken);
        return [new Artifact("burn", "", new Dictionary<string, string> { ["cpu_ticks"] = used.ToString(CultureInfo.InvariantCulture) })];
    }
}
