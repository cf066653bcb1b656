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

    /// <summary>All types, in detection priority order.</summary>
    public static readonly IReadOnlyList<string> All = [UrlCredentials, Email, IpAddress, IbanCode, CreditCard, UsSsn, PhoneNumber];

    /// <summary>Maps other labelling schemes' names onto ours (EMAIL_ADDRESS → EMAIL); unknown names pass through.</summary>
    public static string Canonical(string type) => type.ToUpperInvariant() switch
    {
        "EMAIL_ADDRESS" => Email,
        "PHONE" => PhoneNumber,
        "IP" => IpAddress,
        "IBAN" => IbanCode,
        "SSN" => UsSsn,
        var t => t,
    };
}
