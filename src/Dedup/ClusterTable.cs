using Parquet;
using Parquet.Schema;
using Pipeline.Core.Ledger;
using Pipeline.Core.Util;

namespace Pipeline.Dedup;

/// <summary>
/// The near-duplicate cluster table: one row per member, the representative included (similarity 1).
/// Columns cluster_id (the representative's id), representative, member, similarity.
/// </summary>
internal sealed class ClusterTable
{
    private readonly List<string> _cluster = [];
    private readonly List<string> _representative = [];
    private readonly List<string> _member = [];
    private readonly List<double> _similarity = [];

    public int Rows => _member.Count;

    public int Clusters { get; private set; }

    public static readonly DataField<string> ClusterIdField = new("cluster_id");
    public static readonly DataField<string> RepresentativeField = new("representative");
    public static readonly DataField<string> MemberField = new("member");
    public static readonly DataField<double> SimilarityField = new("similarity");

    /// <summary>Adds one cluster: the representative and its members with their similarity to it.</summary>
    public void AddCluster(string representative, IEnumerable<(string Member, double Similarity)> members)
    {
        Clusters++;
        Add(representative, representative, 1.0);
        foreach (var (m, s) in members) Add(representative, m, s);
    }

    private void Add(string representative, string member, double similarity)
    {
        _cluster.Add(representative);
        _representative.Add(representative);
        _member.Add(member);
        _similarity.Add(similarity);
    }

    /// <summary>Writes the table atomically to <paramref name="path"/>.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        using var file = new AtomicFile(path);
        var schema = new ParquetSchema(ClusterIdField, RepresentativeField, MemberField, SimilarityField);
        await using (var writer = await ParquetWriter.CreateAsync(schema, file.Stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync(ClusterIdField, _cluster).ConfigureAwait(false);
            await rg.WriteAsync(RepresentativeField, _representative).ConfigureAwait(false);
            await rg.WriteAsync(MemberField, _member).ConfigureAwait(false);
            await rg.WriteAsync<double>(SimilarityField, _similarity.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
        }
        file.Commit();
    }

    /// <summary>Writes every row to the ledger as a <see cref="DedupClusterRecord"/>.</summary>
    public void WriteLedger(ILedger ledger, string stepId)
    {
        if (!ledger.Enabled) return;
        for (int i = 0; i < _member.Count; i++)
            ledger.Write(new DedupClusterRecord(_cluster[i], _member[i], _representative[i], _similarity[i], stepId));
    }

    /// <summary>Reads a cluster table (tests, tools): rows of (cluster_id, representative, member, similarity).</summary>
    public static async Task<List<(string ClusterId, string Representative, string Member, double Similarity)>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var rows = new List<(string, string, string, double)>();
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            int n = (int)rg.RowCount;
            var c = new string?[n];
            var r = new string?[n];
            var m = new string?[n];
            var s = new double[n];
            await rg.ReadAsync(ClusterIdField, c.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            await rg.ReadAsync(RepresentativeField, r.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            await rg.ReadAsync(MemberField, m.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            await rg.ReadAsync<double>(SimilarityField, s.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < n; i++) rows.Add((c[i] ?? "", r[i] ?? "", m[i] ?? "", s[i]));
        }
        return rows;
    }
}
