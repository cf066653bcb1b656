namespace Pipeline.Filters.Pii;

/// <summary>Which records of a labelled PII set to score (the entity model's split, by template).</summary>
public enum PiiSplit
{
    /// <summary>Every record.</summary>
    All,

    /// <summary>Records the entity model was trained on.</summary>
    Train,

    /// <summary>Records held out from the entity model's training.</summary>
    HeldOut,
}
