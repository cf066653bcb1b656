using Pipeline.Core.Documents;
using Pipeline.Core.Util;
using Pipeline.Testing;

namespace Pipeline.Core.Tests;

public sealed class UtilTests
{
    [Fact]
    public void Glob_DoubleStarAndStar_MatchNestedFilesSorted()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("a/b"));
        File.WriteAllText(dir.File("a/x.warc.gz"), "");
        File.WriteAllText(dir.File("a/b/y.warc.gz"), "");
        File.WriteAllText(dir.File("a/b/z.txt"), "");
        var all = Glob.Expand(dir.Path, "a/**/*.warc.gz").Select(f => Path.GetRelativePath(dir.Path, f)).ToList();
        Assert.Equal(["a/b/y.warc.gz", "a/x.warc.gz"], all);
        var top = Glob.Expand(dir.Path, "a/*.warc.gz").Select(f => Path.GetRelativePath(dir.Path, f)).ToList();
        Assert.Equal(["a/x.warc.gz"], top);
        Assert.Empty(Glob.Expand(dir.Path, "nope/*.gz"));
    }

    [Fact]
    public void Glob_BraceAlternatives_MatchEachSuffixOnce()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("crawl/sub"));
        foreach (var f in new[] { "crawl/a.warc", "crawl/b.warc.gz", "crawl/c.wet.gz", "crawl/sub/d.warc.gz", "crawl/e.txt" }) File.WriteAllText(dir.File(f), "");
        var top = Glob.Expand(dir.Path, "crawl/*.{warc,warc.gz}").Select(f => Path.GetRelativePath(dir.Path, f)).ToList();
        Assert.Equal(["crawl/a.warc", "crawl/b.warc.gz"], top);
        var nested = Glob.Expand(dir.Path, "crawl/**/*.{warc{,.gz},wet.gz}").Select(f => Path.GetRelativePath(dir.Path, f)).ToList();
        Assert.Equal(["crawl/a.warc", "crawl/b.warc.gz", "crawl/c.wet.gz", "crawl/sub/d.warc.gz"], nested);
        Assert.Equal(["x/a.b", "x/a.c"], Glob.ExpandBraces("x/a.{b,c}"));
        Assert.Equal(["plain{no-comma}"], Glob.ExpandBraces("plain{no-comma}"));
    }

    [Fact]
    public void TaskSharding_ShareAndRange_CoverEverythingOnce()
    {
        var files = Enumerable.Range(0, 11).Select(i => $"f{i:D2}").ToList();
        var shares = Enumerable.Range(0, 3).SelectMany(t => TaskSharding.Share(files, t, 3)).Order().ToList();
        Assert.Equal(files, shares);
        Assert.Equal(["f03", "f04", "f05", "f06"], TaskSharding.Share(files, 1, 3));
        var ranges = Enumerable.Range(0, 4).Select(t => TaskSharding.Range(10, t, 4)).ToList();
        Assert.Equal((0L, 2L), ranges[0]);
        Assert.Equal(10L, ranges[^1].End);
        Assert.Equal(10L, ranges.Sum(r => r.End - r.Start));
    }

    [Fact]
    public void TaskSharding_Share_TasksInOrderConcatenateToTheUnsplitOrder()
    {
        // the unsplit order is the sorted order, whatever order the files were listed in
        var files = Enumerable.Range(0, 13).Select(i => $"f{(i * 7) % 13:D2}").ToList();
        var unsplit = TaskSharding.Share(files, 0, 1);
        Assert.Equal(files.Order(StringComparer.Ordinal), unsplit);
        foreach (int n in new[] { 2, 3, 4, 10, 13, 20 })
        {
            var concatenated = Enumerable.Range(0, n).SelectMany(t => TaskSharding.Share(files, t, n)).ToList();
            Assert.Equal(unsplit, concatenated);
        }
    }

    [Fact]
    public void Glob_FolderAndPattern_SkipLeftoverTemporaries()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(Path.Combine(dir.Path, "in"));
        File.WriteAllText(Path.Combine(dir.Path, "in", "a.jsonl"), "x");
        File.WriteAllText(Path.Combine(dir.Path, "in", "b.jsonl.tmp-4242"), "half");
        File.WriteAllText(Path.Combine(dir.Path, "in", "c.tmp-notapid"), "kept");
        Assert.Equal(["a.jsonl", "c.tmp-notapid"], Glob.Expand(dir.Path, "in").Select(Path.GetFileName));
        Assert.Equal(["a.jsonl"], Glob.Expand(dir.Path, "in/*.jsonl*").Select(Path.GetFileName));
        Assert.True(AtomicFile.IsTemporaryPath("/x/docs.task-0001.parquet.tmp-17"));
        Assert.False(AtomicFile.IsTemporaryPath("/x/docs.tmp-"));
    }

    [Fact]
    public void TaskOutputPath_InsertsSuffixBeforeAllExtensions()
    {
        Assert.Equal("/o/docs.task-0003.jsonl.gz", PathUtil.TaskOutputPath("/o", "docs.jsonl.gz", ".task-0003"));
        Assert.Equal("/o/docs.jsonl.gz", PathUtil.TaskOutputPath("/o", "docs.jsonl.gz", ""));
    }

    [Fact]
    public void Meta_JsonRoundTrip_KeepsTypesAndSortsKeys()
    {
        var meta = Meta.Empty.Set("z", 1).Set("a", "x").Set("pii_counts", new Dictionary<string, long> { ["EMAIL"] = 2 })
            .Set("opt_out", new[] { "noai" }).Set("score", 0.25).Set("ok", true);
        var json = MetaJson.ToJson(meta);
        Assert.Equal("""{"a":"x","ok":true,"opt_out":["noai"],"pii_counts":{"EMAIL":2},"score":0.25,"z":1}""", json);
        Assert.True(meta.Equals(MetaJson.Parse(json)));
        Assert.Equal(2, MetaJson.Parse(json).GetCounts("pii_counts")["EMAIL"]);
    }

    [Fact]
    public void AtomicFile_DisposedWithoutCommit_LeavesNothing()
    {
        using var dir = new TempDir();
        using (var f = new AtomicFile(dir.File("x.bin")))
        {
            f.Stream.WriteByte(1);
            Assert.True(File.Exists(f.TempPath));
        }
        Assert.Empty(Directory.GetFiles(dir.Path));
        using (var g = new AtomicFile(dir.File("y.bin")))
        {
            g.Stream.WriteByte(1);
            g.Commit();
        }
        Assert.Equal(["y.bin"], Directory.GetFiles(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void DocumentId_SameSourceAndOffset_IsStable()
    {
        Assert.Equal(DocumentId.For("a.warc.gz", 10), DocumentId.For("a.warc.gz", 10));
        Assert.NotEqual(DocumentId.For("a.warc.gz", 10), DocumentId.For("a.warc.gz", 11));
        Assert.Equal(16, DocumentId.For("a", 1).Length);
    }
}
