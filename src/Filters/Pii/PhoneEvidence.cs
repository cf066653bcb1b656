namespace Pipeline.Filters.Pii;

/// <summary>What a digit sequence's layout says about it being a phone number.</summary>
internal enum PhoneEvidence
{
    /// <summary>Not a phone number (card-like, ZIP+4, SSN, version, too few or many digits).</summary>
    None,

    /// <summary>A phone number only with a phone word next to it (two groups, or an unbroken run of 7–12 digits).</summary>
    NeedsContext,

    /// <summary>A phone number by its layout (country code, bracketed area code, extension, three or more groups).</summary>
    Shape,
}
