using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Dedup.Tests;

/// <summary>Clusters hold documents connected through removed members, under the chaining guard.</summary>
public sealed class ClusterChainTests
{
    // 200 distinct words (no digits: digits normalise to 0); each step of the chain replaces 3 words far apart,
    // removing 15 of 196 five-word shingles: neighbours ~0.86, two steps apart ~0.74, three ~0.63.
    private static readonly string[] Words = Enumerable.Range(0, 200).Select(Word).ToArray();

    private static string Word(int i) => new(['q', (char)('a' + i % 26), (char)('a' + i / 26 % 26), 'x']);

    private static string Step(int edits)
    {
        var w = (string[])Words.Clone();
        for (int e = 0; e < edits; e++) w[5 + e * 12] = "edit" + Word(e);
        return string.Join(' ', w);
    }

    private static Document[] Chain(int length) => Enumerable.Range(0, length).Select(i => Steps.Doc("d" + (char)('a' + i), Step(3 * i))).ToArray();

    [Fact]
    public async Task Process_NearRemovedMemberButNotSurvivor_JoinsSurvivorsCluster()
    {
        // da ← db (0.86) ← dc (0.86 to db, 0.74 to da): before, dc was compared with kept documents only and kept.
        using var dir = new TempDir();
        var docs = Chain(3);
        var (outs, artifacts) = await Steps.RunAsync(new MinHashStep(new MinHashOptions()), docs, Steps.Context(dir.Path));
        Assert.Equal([OutcomeAction.Kept, OutcomeAction.Dropped, OutcomeAction.Dropped], outs.Select(o => o.Action));
        Assert.Equal("db", outs[2].Document.Meta.GetString("duplicate_of"));
        Assert.Equal("da", outs[2].Document.Meta.GetString("duplicate_cluster"));
        Assert.StartsWith("duplicate_of=db similarity=0.8", outs[2].Details);
        Assert.EndsWith(" cluster=da", outs[2].Details);
        var rows = await ClusterTable.ReadAsync(Assert.Single(artifacts).Path, CancellationToken.None);
        Assert.Equal(["da", "db", "dc"], rows.Select(r => r.Member));
        Assert.All(rows, r => Assert.Equal("da", r.ClusterId));
        Assert.Equal(["", "da", "db"], rows.Select(r => r.DuplicateOf));
    }

    [Fact]
    public async Task Process_ChainDriftsBelowFloor_StartsNewClusterInsteadOfChaining()
    {
        // dd is 0.86 from dc but only 0.63 from the survivor da: below the default floor (0.7) it may not join da's
        // cluster, and it is not near anything else, so it survives and starts its own cluster.
        using var dir = new TempDir();
        var docs = Chain(5);
        var (outs, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions()), docs, Steps.Context(dir.Path));
        Assert.Equal([OutcomeAction.Kept, OutcomeAction.Dropped, OutcomeAction.Dropped, OutcomeAction.Kept, OutcomeAction.Dropped], outs.Select(o => o.Action));
        Assert.Equal(("dd", "dd"), (outs[4].Document.Meta.GetString("duplicate_of"), outs[4].Document.Meta.GetString("duplicate_cluster")));

        // With the guard lowered to 0.6 dd joins too (de, 0.53 from da, still does not); at the threshold (star
        // clusters) dc stays out.
        var (loose, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions { ClusterFloor = 0.6 }), docs, Steps.Context(dir.Path));
        Assert.Equal(["db", "dc", "dd"], loose.Where(o => o.Document.Meta.GetString("duplicate_cluster") == "da").Select(o => o.Document.Id));
        Assert.Equal(OutcomeAction.Kept, loose[4].Action);
        var (star, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions { ClusterFloor = 0.8 }), docs, Steps.Context(dir.Path));
        Assert.Equal([OutcomeAction.Kept, OutcomeAction.Dropped, OutcomeAction.Kept, OutcomeAction.Dropped, OutcomeAction.Kept], star.Select(o => o.Action));
    }

    [Fact]
    public async Task Staged_ChainAcrossThreeTasks_SameRemovalsAndClustersAsStreaming()
    {
        using var dir = new TempDir();
        var chain = Chain(6);
        var others = NearDupCorpus.Generate(300, seed: 31);
        var docs = others.Take(100).Concat(chain.Take(2)).Concat(others.Skip(100).Take(100)).Concat(chain.Skip(2).Take(3))
            .Concat(others.Skip(200)).Concat(chain.Skip(5)).ToList();
        var (streaming, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions()), docs, Steps.Context(dir.Path), batchSize: 64);
        var tasks = new[] { docs.Take(101).ToList(), docs.Skip(101).Take(150).ToList(), docs.Skip(251).ToList() };
        var files = new List<string>();
        for (int t = 0; t < tasks.Length; t++)
            files.Add(Assert.Single(await Steps.WriteAsync(new MinHashSignaturesSink(new MinHashSignaturesOptions()), tasks[t], Steps.Context(dir.Path, t, 3, "sigs"))).Path);
        MinHashClustering.Run(files, Path.Combine(dir.Path, "clusters"));
        var staged = new List<Outcome>();
        for (int t = 0; t < tasks.Length; t++)
            staged.AddRange((await Steps.RunAsync(new MinHashFilterStep(new MinHashFilterOptions { Removals = "clusters" }), tasks[t], Steps.Context(dir.Path, t, 3, "filter"))).Outcomes);
        Assert.Equal(streaming.Select(o => (o.Document.Id, o.Action, o.Details)), staged.Select(o => (o.Document.Id, o.Action, o.Details)));
        Assert.Equal(streaming.Select(o => o.Document.Meta.GetString("duplicate_cluster")), staged.Select(o => o.Document.Meta.GetString("duplicate_cluster")));
        Assert.Contains(streaming, o => o.Document.Id == "dc" && o.Document.Meta.GetString("duplicate_cluster") == "da");
        var a = await ClusterTable.ReadAsync(Path.Combine(dir.Path, "dedup", "minhash_clusters.parquet"), CancellationToken.None);
        var b = await ClusterTable.ReadAsync(Path.Combine(dir.Path, "clusters", "clusters.parquet"), CancellationToken.None);
        Assert.Equal(a, b);
    }

    [Fact]
    public async Task Staged_LowerClusterFloor_SameAsStreamingWithThatFloor()
    {
        using var dir = new TempDir();
        var docs = Chain(5).Concat(NearDupCorpus.Generate(200, seed: 32)).ToList();
        var (streaming, _) = await Steps.RunAsync(new MinHashStep(new MinHashOptions { ClusterFloor = 0.6 }), docs, Steps.Context(dir.Path));
        var file = Assert.Single(await Steps.WriteAsync(new MinHashSignaturesSink(new MinHashSignaturesOptions()), docs, Steps.Context(dir.Path, 0, 1, "sigs"))).Path;
        MinHashClustering.Run([file], Path.Combine(dir.Path, "clusters"), null, null, null, 0, 0.6, CancellationToken.None);
        var (staged, _) = await Steps.RunAsync(new MinHashFilterStep(new MinHashFilterOptions { Removals = "clusters" }), docs, Steps.Context(dir.Path, 0, 1, "filter"));
        Assert.Equal(DuplicateQuality.Removals(streaming), DuplicateQuality.Removals(staged));
        Assert.Equal("da", DuplicateQuality.Removals(staged)["dd"].Cluster); // 0.63 from da: joins only with the floor at 0.6
    }
}
