namespace Pipeline.Audit;

/// <summary>Loss-curve stability: rolling z-score spikes, divergence, plateaus and the learning-rate schedule.</summary>
public static class StabilityAnalyzer
{
    /// <summary>Analyses <paramref name="steps"/> (in step order) with <paramref name="settings"/>.</summary>
    public static StabilityResult Analyze(IReadOnlyList<TrainStepMetric> steps, StabilitySettings settings)
    {
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(settings);
        var spikes = new List<Spike>();
        spikes.AddRange(FindSpikes(steps, s => s.Loss, "loss", settings));
        spikes.AddRange(FindSpikes(steps, s => s.GradNorm, "grad_norm", settings));
        spikes.Sort((a, b) => a.Step != b.Step ? a.Step.CompareTo(b.Step) : string.CompareOrdinal(a.Metric, b.Metric));

        var (diverged, reason, divStep) = FindDivergence(steps, settings);
        var (plateaus, endsOnPlateau) = FindPlateaus(steps, settings);
        var (violations, peakStep, peak) = CheckSchedule(steps, settings);
        return new StabilityResult
        {
            Spikes = spikes,
            Diverged = diverged,
            DivergenceReason = reason,
            DivergenceStep = divStep,
            Plateaus = plateaus,
            EndsOnPlateau = endsOnPlateau,
            ScheduleViolations = violations,
            LearningRatePeakStep = peakStep,
            LearningRatePeak = peak,
            StepCount = steps.Count,
            FirstLoss = steps.Count > 0 ? steps[0].Loss : double.NaN,
            LastLoss = steps.Count > 0 ? steps[^1].Loss : double.NaN,
        };
    }

    /// <summary>
    /// A value is a spike when it lies more than z standard deviations above the mean of the previous
    /// <c>Window</c> finite, non-spike values (at least 5 of them). Spikes stay out of later windows so one
    /// bad batch does not hide the next.
    /// </summary>
    internal static List<Spike> FindSpikes(IReadOnlyList<TrainStepMetric> steps, Func<TrainStepMetric, double> value, string metric, StabilitySettings settings)
    {
        var result = new List<Spike>();
        var window = new Queue<double>();
        double sum = 0, sumSq = 0;
        int minPoints = Math.Min(5, Math.Max(2, settings.Window));
        foreach (var s in steps)
        {
            double x = value(s);
            if (!double.IsFinite(x)) continue;
            bool isSpike = false;
            if (window.Count >= minPoints)
            {
                int n = window.Count;
                double mean = sum / n;
                double variance = Math.Max(0, (sumSq - n * mean * mean) / Math.Max(1, n - 1));
                double std = Math.Max(Math.Sqrt(variance), settings.MinRelativeStd * Math.Abs(mean) + 1e-12);
                double z = (x - mean) / std;
                if (z > settings.ZThreshold)
                {
                    result.Add(new Spike(s.Step, metric, x, mean, std, z));
                    isSpike = true;
                }
            }
            if (isSpike) continue;
            window.Enqueue(x);
            sum += x;
            sumSq += x * x;
            if (window.Count > settings.Window)
            {
                double old = window.Dequeue();
                sum -= old;
                sumSq -= old * old;
            }
        }
        return result;
    }

    private static (bool, string, long?) FindDivergence(IReadOnlyList<TrainStepMetric> steps, StabilitySettings settings)
    {
        foreach (var s in steps)
            if (!double.IsFinite(s.Loss))
                return (true, $"loss is {s.Loss} at step {s.Step}", s.Step);
        int w = Math.Max(1, settings.Window);
        if (steps.Count < 2 * w) return (false, "", null);
        var means = RollingMeans(steps, w);
        double best = double.PositiveInfinity;
        int bestAt = 0;
        for (int i = w - 1; i < steps.Count - w; i++)
            if (means[i] < best) { best = means[i]; bestAt = i; }
        double last = means[^1];
        if (double.IsFinite(best) && last > best * (1 + settings.DivergenceTolerance))
        {
            // First step after the best window whose rolling mean crossed the tolerance.
            long at = steps[^1].Step;
            for (int i = bestAt + 1; i < steps.Count; i++)
                if (means[i] > best * (1 + settings.DivergenceTolerance)) { at = steps[i].Step; break; }
            return (true, $"loss rose from a window mean of {best:G4} (step {steps[bestAt].Step}) to {last:G4} (last {w} steps)", at);
        }
        return (false, "", null);
    }

    private static double[] RollingMeans(IReadOnlyList<TrainStepMetric> steps, int w)
    {
        var means = new double[steps.Count];
        double sum = 0;
        for (int i = 0; i < steps.Count; i++)
        {
            sum += steps[i].Loss;
            if (i >= w) sum -= steps[i - w].Loss;
            means[i] = sum / Math.Min(i + 1, w);
        }
        return means;
    }

    private static (List<(long, long)>, bool) FindPlateaus(IReadOnlyList<TrainStepMetric> steps, StabilitySettings settings)
    {
        var spans = new List<(long, long)>();
        int w = Math.Max(2, settings.PlateauWindow);
        if (steps.Count < 2 * w || steps.Any(s => !double.IsFinite(s.Loss))) return (spans, false);
        var means = RollingMeans(steps, Math.Max(1, w / 5));
        int? start = null;
        bool endsOn = false;
        for (int i = w; i < steps.Count; i++)
        {
            double before = means[i - w];
            double improvement = before == 0 ? 0 : (before - means[i]) / Math.Abs(before);
            bool flat = improvement < settings.PlateauMinImprovement;
            if (flat && start is null) start = i - w;
            if (!flat && start is not null)
            {
                spans.Add((steps[start.Value].Step, steps[i - 1].Step));
                start = null;
            }
            if (i == steps.Count - 1 && start is not null)
            {
                spans.Add((steps[start.Value].Step, steps[i].Step));
                endsOn = true;
            }
        }
        return (spans, endsOn);
    }

    private static (List<string>, long?, double) CheckSchedule(IReadOnlyList<TrainStepMetric> steps, StabilitySettings settings)
    {
        var problems = new List<string>();
        var lr = steps.Where(s => double.IsFinite(s.LearningRate)).ToList();
        if (lr.Count == 0) return (problems, null, double.NaN);
        int peakIdx = 0;
        for (int i = 1; i < lr.Count; i++) if (lr[i].LearningRate > lr[peakIdx].LearningRate) peakIdx = i;
        var peak = lr[peakIdx];
        const double tol = 1e-9;
        if (settings.WarmupSteps is int warm && warm > 0)
        {
            // Warm-up: non-decreasing up to the configured step, peak reached there (within one step).
            var firstAfter = lr.FirstOrDefault(s => s.Step >= warm);
            if (peak.Step < warm - 1 && lr.Any(s => s.Step > peak.Step && s.Step < warm && s.LearningRate < peak.LearningRate - tol))
                problems.Add($"learning rate peaked at step {peak.Step}, before the configured warm-up of {warm} steps ended");
            if (peak.Step > warm + 1 && firstAfter is not null)
                problems.Add($"learning rate kept rising after warm-up: peak at step {peak.Step}, warm-up configured for {warm} steps");
        }
        for (int i = 1; i <= peakIdx; i++)
            if (lr[i].LearningRate < lr[i - 1].LearningRate * (1 - 1e-6) - tol)
            {
                problems.Add($"learning rate fell during warm-up at step {lr[i].Step} ({lr[i - 1].LearningRate:G4} -> {lr[i].LearningRate:G4})");
                break;
            }
        if (settings.Schedule == "decay")
        {
            for (int i = peakIdx + 1; i < lr.Count; i++)
                if (lr[i].LearningRate > lr[i - 1].LearningRate * (1 + 1e-6) + tol)
                {
                    problems.Add($"learning rate rose after the peak at step {lr[i].Step} ({lr[i - 1].LearningRate:G4} -> {lr[i].LearningRate:G4}); expected decay");
                    break;
                }
            if (lr.Count > peakIdx + 1 && lr[^1].LearningRate >= peak.LearningRate * (1 - 1e-6))
                problems.Add("learning rate never decayed after warm-up");
        }
        else if (settings.Schedule == "constant")
        {
            for (int i = peakIdx + 1; i < lr.Count; i++)
                if (Math.Abs(lr[i].LearningRate - peak.LearningRate) > peak.LearningRate * 1e-3)
                {
                    problems.Add($"learning rate changed after warm-up at step {lr[i].Step}; expected constant {peak.LearningRate:G4}");
                    break;
                }
        }
        if (settings.PeakLearningRate is double want && Math.Abs(peak.LearningRate - want) > Math.Abs(want) * 0.05)
            problems.Add($"peak learning rate {peak.LearningRate:G4} differs from the configured {want:G4} by more than 5%");
        return (problems, peak.Step, peak.LearningRate);
    }
}
