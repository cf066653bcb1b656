namespace Pipeline.Train;

/// <summary>Linear warm-up to the peak, then cosine decay to peak × min ratio at the last step.</summary>
internal static class LrSchedule
{
    /// <summary>Learning rate of optimizer step <paramref name="step"/> (0-based).</summary>
    public static double At(int step, int steps, int warmup, double peak, double minRatio)
    {
        if (warmup > 0 && step < warmup) return peak * (step + 1) / warmup;
        double min = peak * minRatio;
        int span = Math.Max(1, steps - warmup - 1);
        double progress = Math.Clamp((double)(step - warmup) / span, 0, 1);
        return min + 0.5 * (peak - min) * (1 + Math.Cos(Math.PI * progress));
    }
}
