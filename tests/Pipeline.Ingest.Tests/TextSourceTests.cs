using System.Text;
using Pipeline.Core.Documents;
using Pipeline.Ingest.Io;
using Pipeline.Testing;
using static Pipeline.Ingest.Tests.JsonlTestSupport;

namespace Pipeline.Ingest.Tests;

public sealed class TextSourceTests
{
    private const string Sample = "\uFEFFFirst line of para one.\nSecond line.\n\n\n  \nPärägraph two.\r\n\nLast one";

    [Theory]
    [InlineData("file", 1)]
    [InlineData("line", 4)]
    [InlineData("paragraph", 3)]
    public async Task ReadAsync_Modes_DocumentCounts(string mode, int expected)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("a.txt"), Sample, new UTF8Encoding(false));
        var docs = await ReadAllAsync(new TextSource(new TextSourceOptions { Paths = ["a.txt"], Mode = mode, Domain = "books" }), Context(dir.Path));
        Assert.Equal(expected, docs.Count);
        Assert.All(docs, d => Assert.Equal("books", d.Meta.GetString("domain")));
        Assert.All(docs, d => Assert.Equal(DocumentId.For("a.txt", d.Source.Offset), d.Id));
    }

    [Fact]
    public async Task ReadAsync_Paragraphs_TextAndByteOffsets()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("a.txt"), Sample, new UTF8Encoding(false));
        var docs = await ReadAllAsync(new TextSource(new TextSourceOptions { Paths = ["a.txt"], Mode = "paragraph" }), Context(dir.Path));
        Assert.Equal("First line of para one.\nSecond line.", docs[0].Text);
        Assert.Equal("Pärägraph two.", docs[1].Text);
        Assert.Equal("Last one", docs[2].Text);
        var bytes = Encoding.UTF8.GetBytes(Sample);
        Assert.Equal(3, docs[0].Source.Offset);
        Assert.Equal("Pärägraph two."u8.ToArray(), bytes.AsSpan((int)docs[1].Source.Offset, Encoding.UTF8.GetByteCount("Pärägraph two.")).ToArray());
        Assert.Equal("Last one"u8.ToArray(), bytes.AsSpan((int)docs[2].Source.Offset).ToArray());
    }

    [Fact]
    public async Task ReadAsync_FileMode_WholeFileOneDocumentPerFile()
    {
        using var dir = new TempDir();
        Directory.CreateDirectory(dir.File("books"));
        File.WriteAllText(dir.File("books/a.txt"), "Alpha text.");
        File.WriteAllText(dir.File("books/b.txt"), "Beta\n\ntext.");
        File.WriteAllText(dir.File("books/c.txt"), "  \n");
        var ctx = Context(dir.Path);
        var docs = await ReadAllAsync(new TextSource(new TextSourceOptions { Paths = ["books/*.txt"] }), ctx);
        Assert.Equal(["Alpha text.", "Beta\n\ntext."], docs.Select(d => d.Text));
        Assert.Equal("books/b.txt", docs[1].Source.File);
        Assert.Equal(1, ctx.Stats.Dropped);
    }
}
