namespace Pipeline.Dedup;

/// <summary>Collects removed documents against their cluster survivors and turns them into a <see cref="ClusterTable"/>.</summary>
internal sealed class ClusterBuilder
{
    private readonly StringStore _memberIds = new();
    private readonly List<ClusterMember> _members = [];

    public int Removed => _members.Count;

    /// <summary>Records <paramref name="memberId"/>, removed against the document in slot <paramref name="matchSlot"/> of the cluster whose survivor is in <paramref name="survivorSlot"/>.</summary>
    public void Add(int survivorSlot, string memberId, int matchSlot, double similarity) =>
        _members.Add(new ClusterMember(survivorSlot, _memberIds.Add(memberId), matchSlot, similarity));

    /// <summary>Clusters ordered by survivor slot, members in the order they were removed.</summary>
    public ClusterTable Build(Func<int, string> idOf)
    {
        var order = Enumerable.Range(0, _members.Count).ToArray();
        var keys = _members.Select(m => m.Survivor).ToArray();
        Array.Sort(keys, order); // not stable: restore member order inside a cluster below
        var table = new ClusterTable();
        int i = 0;
        while (i < order.Length)
        {
            int rep = keys[i], j = i;
            while (j < order.Length && keys[j] == rep) j++;
            Array.Sort(order, i, j - i);
            var members = new List<(string, string, double)>(j - i);
            for (int k = i; k < j; k++)
            {
                var m = _members[order[k]];
                members.Add((_memberIds[m.Member], idOf(m.Match), m.Similarity));
            }
            table.AddCluster(idOf(rep), members);
            i = j;
        }
        return table;
    }
}
