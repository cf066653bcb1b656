namespace Pipeline.Ingest.Synthetic;

/// <summary>What a synthetic document is (metadata <c>synthetic_kind</c>).</summary>
internal enum SyntheticKind
{
    Original,
    ExactDuplicate,
    NearDuplicate,
    Boilerplate,
    LowQuality,
}
