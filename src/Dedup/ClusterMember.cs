namespace Pipeline.Dedup;

/// <summary>A removed document: its id's slot in a store, its cluster survivor's slot, the slot of the document it matched and that similarity.</summary>
internal readonly record struct ClusterMember(int Survivor, int Member, int Match, double Similarity);
