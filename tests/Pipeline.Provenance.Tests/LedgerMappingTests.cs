using Pipeline.Core.Ledger;
using Pipeline.Testing;

namespace Pipeline.Provenance.Tests;

public sealed class LedgerMappingTests
{
    private sealed record ProbeRecord(string Name, long Count) : LedgerRecord;

    private sealed record UnmappedRecord(string Name) : LedgerRecord;

    private static LedgerRun Run() => new("r1", "dag", "{}", "hash", "t", 0, 1, DateTimeOffset.UtcNow);

    [Fact]
    public async Task StartRun_MappingWithColumnsInWrongOrder_FailsAtOpenNamingTableAndColumn()
    {
        using var dir = new TempDir();
        // dedup_clusters is (cluster_id, doc_id, representative_id, similarity, step_id): doc_id and cluster_id swapped here
        var swapped = new LedgerTable("dedup_clusters", ("doc_id", LedgerColumnType.Text), ("cluster_id", LedgerColumnType.Text),
            ("representative_id", LedgerColumnType.Text), ("similarity", LedgerColumnType.Double), ("step_id", LedgerColumnType.Text));
        var mappings = new LedgerMappings().Map<ProbeRecord>((r, w) => w.Row(swapped).Text(r.Name).Text(r.Name).Text(r.Name).Double(r.Count).Text("s").End(), swapped);
        await using var ledger = new DuckDbLedger(dir.File("l.duckdb"), new LedgerOptions { Mappings = mappings });

        var ex = await Assert.ThrowsAsync<LedgerException>(() => ledger.StartRunAsync(Run(), CancellationToken.None));

        Assert.Contains("'dedup_clusters'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("column 3: the mapping writes doc_id VARCHAR, the table has cluster_id VARCHAR", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartRun_MappingWithWrongColumnType_FailsAtOpen()
    {
        using var dir = new TempDir();
        var wrong = new LedgerTable("sources", ("path", LedgerColumnType.Text), ("size_bytes", LedgerColumnType.Text), ("sha256", LedgerColumnType.Text), ("format", LedgerColumnType.Text));
        var mappings = new LedgerMappings().Map<ProbeRecord>((r, w) => w.Row(wrong).Text(r.Name).Text("1").Text(r.Name).Text("x").End(), wrong);
        await using var ledger = new DuckDbLedger(dir.File("l.duckdb"), new LedgerOptions { Mappings = mappings });

        var ex = await Assert.ThrowsAsync<LedgerException>(() => ledger.StartRunAsync(Run(), CancellationToken.None));

        Assert.Contains("size_bytes VARCHAR, the table has size_bytes BIGINT", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Map_EngineTableRedeclaredWithOtherColumns_Throws()
    {
        var wrong = new LedgerTable("outputs", ("doc_id", LedgerColumnType.Text), ("step_id", LedgerColumnType.Text), ("output_path", LedgerColumnType.BigInt));
        var mappings = new LedgerMappings().Map<ProbeRecord>((r, w) => w.Row(wrong).Text(r.Name).Text(r.Name).BigInt(r.Count).End(), wrong);

        var ex = Assert.Throws<InvalidOperationException>(() => new DuckDbLedger("unused.duckdb", new LedgerOptions { Mappings = mappings }));

        Assert.Contains("'outputs' is declared twice", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Write_RecordTypeWithoutMapping_ThrowsNamingTheType()
    {
        using var dir = new TempDir();
        await using var ledger = new DuckDbLedger(dir.File("l.duckdb"));
        await ledger.StartRunAsync(Run(), CancellationToken.None);

        var ex = Assert.Throws<InvalidOperationException>(() => ledger.Write(new UnmappedRecord("x")));

        Assert.Contains(nameof(UnmappedRecord), ex.Message, StringComparison.Ordinal);
        await ledger.CompleteRunAsync("completed", CancellationToken.None);
    }

    [Fact]
    public async Task Write_ModuleMappingInTableOrder_RowLandsInTable()
    {
        using var dir = new TempDir();
        var path = dir.File("l.duckdb");
        var outputs = new LedgerTable("outputs", ("doc_id", LedgerColumnType.Text), ("step_id", LedgerColumnType.Text), ("output_path", LedgerColumnType.Text));
        var mappings = new LedgerMappings().Map<ProbeRecord>((r, w) => w.Row(outputs).Text(r.Name).Text("probe").Text($"n={r.Count}").End(), outputs);
        await using (var ledger = new DuckDbLedger(path, new LedgerOptions { Mappings = mappings }))
        {
            await ledger.StartRunAsync(Run(), CancellationToken.None);
            ledger.Write(new ProbeRecord("doc-1", 7));
            await ledger.CompleteRunAsync("completed", CancellationToken.None);
        }

        var t = LedgerQuery.Run(path, "SELECT doc_id, output_path FROM outputs WHERE step_id = 'probe'");
        var row = Assert.Single(t.Rows);
        Assert.Equal("doc-1", row[0]);
        Assert.Equal("n=7", row[1]);
    }

    [Theory]
    [InlineData("type", "outputs.output_path is Text, the mapping wrote BigInt")]
    [InlineData("short", "a row of outputs ended after 2 of 3 values")]
    [InlineData("long", "too many values for a row of outputs (3 columns)")]
    public async Task Write_MappingWritingRowNotMatchingItsTable_FailsTheLedgerNamingColumn(string fault, string expected)
    {
        using var dir = new TempDir();
        var outputs = new LedgerTable("outputs", ("doc_id", LedgerColumnType.Text), ("step_id", LedgerColumnType.Text), ("output_path", LedgerColumnType.Text));
        var mappings = new LedgerMappings().Map<ProbeRecord>((r, w) =>
        {
            var row = w.Row(outputs).Text(r.Name).Text("probe");
            if (fault == "type") row.BigInt(r.Count).End();
            else if (fault == "short") row.End();
            else row.Text("p").Text("extra").End();
        }, outputs);
        await using var ledger = new DuckDbLedger(dir.File("l.duckdb"), new LedgerOptions { Mappings = mappings });
        await ledger.StartRunAsync(Run(), CancellationToken.None);
        ledger.Write(new ProbeRecord("doc-1", 7));

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => ledger.CompleteRunAsync("completed", CancellationToken.None));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }
}
