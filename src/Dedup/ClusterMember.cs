namespace Pipeline.Dedup;

/// <summary>A removed document: its id's slot in a store, the kept representative's slot and the similarity.</summary>
internal readonly record struct ClusterMember(int Representative, int Member, double Similarity);
