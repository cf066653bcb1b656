namespace Pipeline.Dedup;

/// <summary>Collects removed documents against their kept representatives and turns them into a <see cref="ClusterTable"/>.</summary>
internal sealed class ClusterBuilder
{
    private readonly StringStore _memberIds = new();
    private readonly List<ClusterMember> _members = [];

    public int Removed => _members.Count;

    public void Add(int representativeSlot, string memberId, double similarity) =>
        _members.Add(new ClusterMember(representativeSlot, _memberIds.Add(memberId), similarity));

    /// <summary>Clusters ordered by representative slot, members in the order they were removed.</summary>
    public ClusterTable Build(Func<int, string> representativeId)
    {
        var order = Enumerable.Range(0, _members.Count).ToArray();
        var keys = _members.Select(m => m.Representative).ToArray();
        Array.Sort(keys, order); // not stable: restore member order inside a cluster below
        var table = new ClusterTable();
        int i = 0;
        while (i < order.Length)
        {
            int rep = keys[i], j = i;
            while (j < order.Length && keys[j] == rep) j++;
            Array.Sort(order, i, j - i);
            var members = new List<(string, double)>(j - i);
            for (int k = i; k < j; k++) members.Add((_memberIds[_members[order[k]].Member], _members[order[k]].Similarity));
            table.AddCluster(representativeId(rep), members);
            i = j;
        }
        return table;
    }
}
