using Parquet;
using Parquet.Schema;
using Pipeline.Core.Ledger;
using Pipeline.Core.Util;

namespace Pipeline.Dedup;

/// <summary>
/// The near-duplicate cluster table: one row per member, the representative included (similarity 1).
/// Columns cluster_id (the survivor's id), representative (the survivor), member, similarity (to the document it
/// matched), duplicate_of (that document: the survivor or an earlier member; empty on the survivor's own row).
/// </summary>
internal sealed class ClusterTable
{
    private readonly List<string> _cluster = [];
    private readonly List<string> _representative = [];
    private readonly List<string> _member = [];
    private readonly List<double> _similarity = [];
    private readonly List<string> _duplicateOf = [];

    public int Rows => _member.Count;

    public int Clusters { get; private set; }

    public static readonly DataField<string> ClusterIdField = new("cluster_id");
    public static readonly DataField<string> RepresentativeField = new("representative");
    public static readonly DataField<string> MemberField = new("member");
    public static readonly DataField<double> SimilarityField = new("similarity");
    public static readonly DataField<string> DuplicateOfField = new("duplicate_of");

    /// <summary>Adds one cluster: the survivor and its members with the document each matched and that similarity.</summary>
    public void AddCluster(string representative, IEnumerable<(string Member, string DuplicateOf, double Similarity)> members)
    {
        Clusters++;
        Add(representative, representative, "", 1.0);
        foreach (var (m, d, s) in members) Add(representative, m, d, s);
    }

    private void Add(string representative, string member, string duplicateOf, double similarity)
    {
        _cluster.Add(representative);
        _representative.Add(representative);
        _member.Add(member);
        _similarity.Add(similarity);
        _duplicateOf.Add(duplicateOf);
    }

    /// <summary>Writes the table atomically to <paramref name="path"/>.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        using var file = new AtomicFile(path);
        var schema = new ParquetSchema(ClusterIdField, RepresentativeField, MemberField, SimilarityField, DuplicateOfField);
        await using (var writer = await ParquetWriter.CreateAsync(schema, file.Stream, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync(ClusterIdField, _cluster).ConfigureAwait(false);
            await rg.WriteAsync(RepresentativeField, _representative).ConfigureAwait(false);
            await rg.WriteAsync(MemberField, _member).ConfigureAwait(false);
            await rg.WriteAsync<double>(SimilarityField, _similarity.ToArray(), null, null, cancellationToken).ConfigureAwait(false);
            await rg.WriteAsync(DuplicateOfField, _duplicateOf).ConfigureAwait(false);
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

    /// <summary>Reads a cluster table (tests, tools): rows of (cluster_id, representative, member, similarity, duplicate_of).</summary>
    public static async Task<List<(string ClusterId, string Representative, string Member, double Similarity, string DuplicateOf)>> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var rows = new List<(string, string, string, double, string)>();
        await using var reader = await ParquetReader.CreateAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var rg = reader.OpenRowGroupReader(g);
            int n = (int)rg.RowCount;
            var c = new string?[n];
            var r = new string?[n];
            var m = new string?[n];
            var s = new double[n];
            var d = new string?[n];
            await rg.ReadAsync(ClusterIdField, c.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            await rg.ReadAsync(RepresentativeField, r.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            await rg.ReadAsync(MemberField, m.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            await rg.ReadAsync<double>(SimilarityField, s.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            bool hasDuplicateOf = reader.Schema.DataFields.Any(f => f.Name == DuplicateOfField.Name);
            if (hasDuplicateOf) await rg.ReadAsync(DuplicateOfField, d.AsMemory(), null, cancellationToken).ConfigureAwait(false);
            for (int i = 0; i < n; i++) rows.Add((c[i] ?? "", r[i] ?? "", m[i] ?? "", s[i], d[i] ?? ""));
        }
        return rows;
    }
}
