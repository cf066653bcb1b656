using Pipeline.Testing;
using Xunit;

namespace Pipeline.Audit.Tests;

public sealed class StatsFunnelTests
{
    [Fact]
    public void StatsFunnel_SourceThatSkippedRecords_EntersItsOutputAndSubtractsLaterDrops()
    {
        using var tmp = new TempDir();
        var path = Path.Combine(tmp.Path, "stats.json");
        File.WriteAllText(path, """
        { "steps": [
          { "id": "crawl", "uses": "ingest.warc", "kind": "source", "in": 15, "out": 10, "dropped": 5, "errors": 0 },
          { "id": "text", "uses": "ingest.html_text", "kind": "processor", "in": 10, "out": 9, "dropped": 1, "errors": 0 },
          { "id": "quality", "uses": "filters.gopher_quality", "kind": "processor", "in": 9, "out": 6, "dropped": 2, "errors": 1 },
          { "id": "kept", "uses": "sink.jsonl", "kind": "sink", "in": 6, "out": 6, "dropped": 0, "errors": 0 }
        ] }
        """);

        var funnel = ReportStep.StatsFunnel(path);

        Assert.Equal([("entered", 10L), ("after text", 9L), ("after quality", 6L)], funnel);
    }
}
