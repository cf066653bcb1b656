namespace Pipeline.Filters.Pii;

/// <summary>The entity types <see cref="PiiDetector"/> finds.</summary>
public static class PiiEntityTypes
{
    public const string Email = "EMAIL";
    public const string PhoneNumber = "PHONE_NUMBER";
    public const string IpAddress = "IP_ADDRESS";
    public const string CreditCard = "CREDIT_CARD";
    public const string UsSsn = "US_SSN";
    public const string IbanCode = "IBAN_CODE";
    public const string UrlCredentials = "URL_CREDENTIALS";
    public const string Person = "PERSON";
    public const string StreetAddress = "STREET_ADDRESS";

    /// <summary>The rule-based types, in detection priority order: what a detector looks for when no types are named.</summary>
    public static readonly IReadOnlyList<string> All = [UrlCredentials, Email, IpAddress, IbanCode, CreditCard, UsSsn, PhoneNumber];

    /// <summary>Opt-in types found by the built-in entity model (<see cref="PiiEntityModel"/>); they yield to the rule-based types.</summary>
    public static readonly IReadOnlyList<string> OptIn = [Person, StreetAddress];

    /// <summary>Every type a detector can be asked for: <see cref="All"/> then <see cref="OptIn"/>.</summary>
    public static readonly IReadOnlyList<string> Known = [.. All, .. OptIn];

    /// <summary>Maps other labelling schemes' names onto ours (EMAIL_ADDRESS → EMAIL); unknown names pass through.</summary>
    public static string Canonical(string type) => type.ToUpperInvariant() switch
    {
        "EMAIL_ADDRESS" => Email,
        "PHONE" => PhoneNumber,
        "IP" => IpAddress,
        "IBAN" => IbanCode,
        "SSN" => UsSsn,
        "ADDRESS" => StreetAddress,
        "NAME" => Person,
        var t => t,
    };
}
