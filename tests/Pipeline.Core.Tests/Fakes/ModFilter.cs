using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

public sealed class ModFilter(ModFilterOptions options) : FilterStep
{
    protected override Outcome Decide(Document document)
    {
        long n = document.Meta.GetLong("n") ?? 0;
        if (options.JitterMicros > 0 && (n * 7919) % 5 == 0) Thread.SpinWait(options.JitterMicros * 50);
        if (n == options.ThrowOn) throw new InvalidOperationException($"boom at {n}");
        if (options.ErrorModulus > 0 && n % options.ErrorModulus == 1) return Outcome.Error(document, "mod:error");
        if (options.Mode is "drop" or "same" or "modify" && n % options.Modulus == 0) return Outcome.Drop(document, "mod:multiple", $"n={n}");
        if (options.Mode == "same") return Outcome.Keep(document);
        if (options.Mode == "modify") return Outcome.Modify(document with { Text = "[redacted]" }, "mod:redacted");
        return Outcome.Keep(document.WithMeta("seen_by_mod", true));
    }
}
