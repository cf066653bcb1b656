using Pipeline.Testing;

namespace Pipeline.Core.Tests;

public sealed class DagValidatorTests
{
    [Fact]
    public void Validate_ThreeDifferentMistakes_ReportsThreePathQualifiedErrors()
    {
        using var dir = new TempDir();
        var errors = DagTestHelper.Errors(dir.Path, """
        { "name": "t", "output_dir": "out", "steps": [
          { "id": "src", "uses": "test.numbrs" },
          { "id": "mod", "uses": "test.mod", "needs": ["src"], "with": { "modulus": 3, "modulos": 4 } },
          { "id": "sink", "uses": "test.lines", "needs": ["mdo"] }
        ] }
        """);
        Assert.Equal(3, errors.Count);
        Assert.Contains(errors, e => e.Path == "$.steps[0].uses" && e.Suggestion == "test.numbers");
        Assert.Contains(errors, e => e.Path == "$.steps[1].with.modulos" && e.Suggestion == "modulus");
        Assert.Contains(errors, e => e.Path == "$.steps[2].needs[0]" && e.Suggestion == "mod");
    }

    [Fact]
    public void Validate_TypeRangeAndAllowedValues_AreReportedWithValues()
    {
        using var dir = new TempDir();
        var errors = DagTestHelper.Errors(dir.Path, """
        { "name": "t", "steps": [
          { "id": "src", "uses": "test.numbers", "with": { "count": "ten" } },
          { "id": "mod", "uses": "test.mod", "needs": ["src"], "with": { "modulus": 0, "mode": "dorp" } },
          { "id": "sink", "uses": "test.lines", "needs": ["mod"] }
        ] }
        """);
        Assert.Contains(errors, e => e.Path == "$.steps[0].with.count" && e.Message.Contains("integer") && e.Value == "\"ten\"");
        Assert.Contains(errors, e => e.Path == "$.steps[1].with.modulus" && e.Message.Contains("range"));
        Assert.Contains(errors, e => e.Path == "$.steps[1].with.mode" && e.Suggestion == "drop");
    }

    [Fact]
    public void Validate_DuplicateIdUnknownPortAndCycle_AreAllReported()
    {
        using var dir = new TempDir();
        var errors = DagTestHelper.Errors(dir.Path, """
        { "name": "t", "steps": [
          { "id": "src", "uses": "test.numbers" },
          { "id": "a", "uses": "test.mod", "needs": ["src", "b"] },
          { "id": "b", "uses": "test.mod", "needs": ["a"] },
          { "id": "b", "uses": "test.lines", "needs": ["a.rejectd"] }
        ] }
        """);
        Assert.Contains(errors, e => e.Path == "$.steps[3].id" && e.Message.Contains("duplicate"));
        Assert.Contains(errors, e => e.Path == "$.steps[3].needs[0]" && e.Suggestion == "rejected");
        Assert.Contains(errors, e => e.Message.Contains("cycle") && e.Value!.Contains("a -> b -> a", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_MissingInputFileAndMissingNeeds_AreReported()
    {
        using var dir = new TempDir();
        var errors = DagTestHelper.Errors(dir.Path, """
        { "name": "t", "steps": [
          { "id": "src", "uses": "test.numbers", "with": { "seeds": ["nope/*.txt"] } },
          { "id": "mod", "uses": "test.mod" }
        ] }
        """);
        Assert.Contains(errors, e => e.Path == "$.steps[0].with.seeds[0]" && e.Message.Contains("not found"));
        Assert.Contains(errors, e => e.Path == "$.steps[1].needs" && e.Message.Contains("upstream"));
    }

    [Fact]
    public void Validate_JsonSyntaxError_GivesLineAndColumn()
    {
        using var dir = new TempDir();
        var errors = DagTestHelper.Errors(dir.Path, "{ \"name\": \"t\",\n  \"steps\": [ { \"id\": \"a\" \"uses\": \"x\" } ] }");
        var e = Assert.Single(errors);
        Assert.StartsWith("dag.json:2:", e.Path, StringComparison.Ordinal);
        Assert.Contains("JSON syntax error", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_StreamStepNeedingArtifactOfItsOwnStream_IsRejected()
    {
        using var dir = new TempDir();
        var errors = DagTestHelper.Errors(dir.Path, """
        { "name": "t", "steps": [
          { "id": "src", "uses": "test.numbers" },
          { "id": "sink", "uses": "test.lines", "needs": ["src"] },
          { "id": "mod", "uses": "test.mod", "needs": ["src", "sink"] },
          { "id": "out", "uses": "test.lines", "needs": ["mod"], "with": { "path": "b.txt" } }
        ] }
        """);
        Assert.Contains(errors, e => e.Message.Contains("same document stream"));
    }

    [Fact]
    public void Validate_UnknownTopLevelKey_SuggestsNearest()
    {
        using var dir = new TempDir();
        var errors = DagTestHelper.Errors(dir.Path, """{ "name": "t", "ouput_dir": "x", "steps": [ { "id": "src", "uses": "test.numbers" } ] }""");
        var e = Assert.Single(errors);
        Assert.Equal("$.ouput_dir", e.Path);
        Assert.Equal("output_dir", e.Suggestion);
    }
}
