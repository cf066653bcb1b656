using Pipeline.Core.Steps;

namespace Pipeline.Core.Tests.Fakes;

public static class TestRegistry
{
    public static StepRegistry Create() => new StepRegistry()
        .AddSource<NumberSourceOptions>("test.numbers", "Numbered documents", o => new NumberSource(o))
        .AddProcessor<ModFilterOptions>("test.mod", "Drops multiples", o => new ModFilter(o))
        .AddSink<LinesSinkOptions>("test.lines", "Writes lines", o => new LinesSink(o))
        .AddArtifact<CountArtifactOptions>("test.count", "Counts lines", o => new CountArtifact(o))
        .AddArtifact<BurnArtifactOptions>("test.burn", "Burns CPU on pool threads", o => new BurnArtifact(o))
        .AddProcessor<NoOptions>("test.miscount", "Keeps every document and reports it skipped too", _ => new MiscountStep())
        .AddProcessor<NoOptions>("test.sequential", "Passes documents on, in order", _ => new SequentialStep());
}
