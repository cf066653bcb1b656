using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Pipeline.Filters.Pii;

/// <summary>
/// Rule-based PII detection: patterns plus validation (Luhn and issuer prefixes for cards, mod-97 and country
/// lengths for IBANs, area/group/serial rules for SSNs, address parsing for IPv6). Thread-safe.
/// Earlier types in <see cref="PiiEntityTypes.All"/> win overlaps; dates and times are never phone numbers.
/// </summary>
public sealed partial class PiiDetector
{
    private readonly HashSet<string> _types;
    private readonly PiiEntityModel? _entities;

    /// <summary>Creates a detector for <paramref name="types"/> (null or empty = all rule-based types).</summary>
    public PiiDetector(IEnumerable<string>? types = null) : this(types, null)
    {
    }

    /// <summary>
    /// Creates a detector for <paramref name="types"/>; the opt-in types (<see cref="PiiEntityTypes.OptIn"/>) use
    /// <paramref name="entityModel"/>, or the built-in <see cref="PiiEntityModel.Default"/> when null.
    /// </summary>
    public PiiDetector(IEnumerable<string>? types, PiiEntityModel? entityModel)
    {
        var list = types?.Select(PiiEntityTypes.Canonical).ToList();
        _types = new HashSet<string>(list is { Count: > 0 } ? list : PiiEntityTypes.All, StringComparer.Ordinal);
        foreach (var t in _types)
            if (!PiiEntityTypes.Known.Contains(t)) throw new ArgumentException($"unknown PII type '{t}'; known: {string.Join(", ", PiiEntityTypes.Known)}", nameof(types));
        if (PiiEntityTypes.OptIn.Any(_types.Contains)) _entities = entityModel ?? PiiEntityModel.Default;
    }

    /// <summary>The types this detector looks for.</summary>
    public IReadOnlySet<string> Types => _types;

    [GeneratedRegex(@"\b[A-Za-z][A-Za-z0-9+.\-]*://[^\s:/@]+:[^\s@/]+@[^\s/?#:]+", RegexOptions.CultureInvariant)]
    private static partial Regex UrlCredentialsRegex();

    [GeneratedRegex(@"(?<![\w.%+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@(?:[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w\-])", RegexOptions.CultureInvariant)]
    private static partial Regex EmailRegex();

    [GeneratedRegex(@"(?<![0-9.])(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?![0-9]|\.[0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv4Regex();

    [GeneratedRegex(@"(?<![\w:])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:[0-9]{1,3}\.){3}[0-9]{1,3})?(?![\w:])", RegexOptions.CultureInvariant)]
    private static partial Regex Ipv6Regex();

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Za-z]{2}[0-9]{2}(?: ?[A-Za-z0-9]){10,32}", RegexOptions.CultureInvariant)]
    private static partial Regex IbanRegex();

    [GeneratedRegex(@"(?<![0-9\-.])[0-9](?:[ \-]?[0-9]){11,18}(?![0-9]|[.\-][0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex CardRegex();

    [GeneratedRegex(@"\b(?:order|invoice|tracking|isbn|issn|ref|reference|serial|ticket|booking|confirmation|shipment|parcel|sku|upc|ean|gtin|imei|licen[cs]e|account|acct|iban|policy|case|claim|item|part|model|transaction|receipt|zip|zip code|postcode|post code|postal code|passport|driver'?s?|dl|id|vin|ssn|version|build|patent)\b[^0-9\n]{0,20}?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex OtherNumberContextRegex();

    [GeneratedRegex(@"(?:\b(?:version|ver|release|build|firmware|update|upgrade|patch|rev|revision)\.?\s*|(?<![A-Za-z])[vV])$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex VersionBeforeRegex();

    [GeneratedRegex(@"\b(?:card|cc|visa|mastercard|master card|amex|american express|maestro|discover|diners|jcb|unionpay|credit|debit|payment|pay|pan)\b[^0-9\n]{0,30}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex CardContextRegex();

    [GeneratedRegex(@"\b(?:phone|telephone|tel|mobile|mob|cell|cellphone|fax|call|calling|called|text|ring|reach|reached|answering|contact|dial|hotline|helpline|whatsapp|sms|ph|desk|tlf|telefon|t\xe9l\xe9phone)\b[^0-9\n]{0,25}?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex PhoneContextBeforeRegex();

    [GeneratedRegex(@"^[ \t]+(?:[A-Z][\w'\-]*\.?[ \t]+){1,3}(?:street|st|road|rd|lane|ln|avenue|ave|av|boulevard|blvd|drive|dr|court|ct|way|place|pl|square|sq|terrace|parkway|pkwy|highway|hwy|circle|cir|trail|alley|crescent|close|row|walk|path|plaza|pike|loop|run|strasse|stra\xdfe|weg|gasse|allee|platz)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex StreetAfterRegex();

    [GeneratedRegex(@"^[\s\-,:(]{0,3}(?:office|fax|mobile|cell|home|work|phone|tel|landline|direct|desk)\b", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex PhoneContextAfterRegex();

    [GeneratedRegex(@"(?<![0-9\-])([0-9]{3})([\- .])([0-9]{2})\2([0-9]{4})(?![0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex SsnRegex();

    [GeneratedRegex(@"(?<![\w+.\-])(?:\+[0-9]{1,3}[ .\-]?)?(?:\([0-9]{1,5}\)[ .\-]?)?[0-9]{1,12}(?:[ .\-][0-9]{1,12}){0,6}(?:[ ]?(?:x|ext\.?|#)[ ]?[0-9]{1,6})?(?![\w:/]|[.\-][0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex PhoneRegex();

    [GeneratedRegex(@"\b(?:[0-9]{4}[\-/.][0-9]{1,2}[\-/.][0-9]{1,2}|[0-9]{1,2}[\-/.][0-9]{1,2}[\-/.][0-9]{4})(?:[ T][0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)?\b|\b[0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?\b", RegexOptions.CultureInvariant)]
    private static partial Regex DateTimeRegex();

    [GeneratedRegex(@"(?:\b(?:Apt|Suite|Unit|Ste|No|Box|Apartment|Room|Flat)\.?|#)\s*$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex AddressPrefixRegex();

    [GeneratedRegex(@"(?<![0-9\-])[0-9]{9}(?![0-9\-])", RegexOptions.CultureInvariant)]
    private static partial Regex SsnPlainRegex();

    [GeneratedRegex(@"\b(?:ssn|ss#|social security(?: number| no\.?)?)\b[^0-9\n]{0,12}$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SsnContextRegex();

    [GeneratedRegex(@"^[0-9]{3}-[0-9]{2}-[0-9]{4}$", RegexOptions.CultureInvariant)]
    private static partial Regex SsnShapeRegex();

    [GeneratedRegex(@"\s?(?:x|ext\.?|#)\s?[0-9]+$", RegexOptions.CultureInvariant)]
    private static partial Regex ExtensionRegex();

    private static readonly Dictionary<string, int> IbanLengths = new(StringComparer.Ordinal)
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22, ["BH"] = 22,
        ["BI"] = 27, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22, ["DJ"] = 27,
        ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FK"] = 18, ["FO"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HN"] = 28, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20, ["LB"] = 28,
        ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["LY"] = 25, ["MC"] = 27, ["MD"] = 24, ["ME"] = 22,
        ["MK"] = 19, ["MN"] = 20, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NI"] = 28, ["NL"] = 18, ["NO"] = 15, ["OM"] = 23,
        ["PK"] = 24, ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["RU"] = 33, ["SA"] = 24,
        ["SC"] = 31, ["SD"] = 18, ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["SO"] = 23, ["ST"] = 25, ["SV"] = 28,
        ["TL"] = 23, ["TN"] = 24, ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20, ["YE"] = 30,
    };

    /// <summary>The entities in <paramref name="text"/>, sorted by start.</summary>
    public List<PiiMatch> Detect(string text)
    {
        var found = new List<PiiMatch>();
        if (string.IsNullOrEmpty(text)) return found;
        bool hasDigit = text.AsSpan().IndexOfAnyInRange('0', '9') >= 0;
        bool hasAt = text.Contains('@');

        if (hasAt && _types.Contains(PiiEntityTypes.UrlCredentials) && text.Contains("://", StringComparison.Ordinal))
            foreach (Match m in UrlCredentialsRegex().Matches(text)) Add(found, PiiEntityTypes.UrlCredentials, m.Index, m.Length);
        if (hasAt && _types.Contains(PiiEntityTypes.Email))
            foreach (Match m in EmailRegex().Matches(text)) Add(found, PiiEntityTypes.Email, m.Index, m.Length);
        if (_types.Contains(PiiEntityTypes.IpAddress))
        {
            if (hasDigit)
                foreach (Match m in Ipv4Regex().Matches(text))
                    if (!VersionBeforeRegex().IsMatch(text.AsSpan(Math.Max(0, m.Index - 16), Math.Min(16, m.Index)))) // "version 10.2.3.4"
                        Add(found, PiiEntityTypes.IpAddress, m.Index, m.Length);
            if (text.Contains(':'))
                foreach (Match m in Ipv6Regex().Matches(text))
                    if (IsIpv6(m.Value)) Add(found, PiiEntityTypes.IpAddress, m.Index, m.Length);
        }
        if (!hasDigit) return WithEntities(text, found);
        if (_types.Contains(PiiEntityTypes.IbanCode))
            foreach (Match m in IbanRegex().Matches(text))
                if (IbanEnd(text, m) is int end) Add(found, PiiEntityTypes.IbanCode, m.Index, end - m.Index);
        if (_types.Contains(PiiEntityTypes.CreditCard))
            for (var m = CardRegex().Match(text); m.Success;)
            {
                if (IsCard(m.Value) && CardGrouping(m.Value) && !NotACard(text, m.Index))
                {
                    Add(found, PiiEntityTypes.CreditCard, m.Index, m.Length);
                    m = m.NextMatch();
                    continue;
                }
                int sep = m.Value.IndexOfAny([' ', '-']); // "JCB 15 1800…": try again from the next digit group
                m = sep < 0 ? m.NextMatch() : CardRegex().Match(text, m.Index + sep + 1);
            }
        if (_types.Contains(PiiEntityTypes.UsSsn))
            foreach (Match m in SsnRegex().Matches(text))
                if (IsSsn(m.Groups[1].Value, m.Groups[3].Value, m.Groups[4].Value) && !AfterAddressWord(text, m.Index))
                    Add(found, PiiEntityTypes.UsSsn, m.Index, m.Length);
        if (_types.Contains(PiiEntityTypes.UsSsn))
            foreach (Match m in SsnPlainRegex().Matches(text))
                if (IsSsn(m.Value[..3], m.Value[3..5], m.Value[5..]) && SsnContextRegex().IsMatch(text.AsSpan(Math.Max(0, m.Index - 30), Math.Min(30, m.Index))))
                    Add(found, PiiEntityTypes.UsSsn, m.Index, m.Length);
        if (_types.Contains(PiiEntityTypes.PhoneNumber))
        {
            List<(int Start, int End)>? blocked = null;
            foreach (Match m in PhoneRegex().Matches(text))
            {
                var shape = PhoneShape(m.Value);
                if (shape == PhoneEvidence.None || AfterAddressWord(text, m.Index)) continue;
                if (StreetAfterRegex().IsMatch(text.AsSpan(m.Index + m.Length))) continue; // "to 03 2657 Koontz Lane": a house number
                // the nearer word decides: "call reference 20240315-0042" is a reference, "order desk, call 555 0134" a phone
                var before = text.AsSpan(Math.Max(0, m.Index - 40), Math.Min(40, m.Index));
                int phoneWord = NearestWord(PhoneContextBeforeRegex(), before), otherWord = NearestWord(OtherNumberContextRegex(), before);
                bool context = phoneWord > otherWord || PhoneContextAfterRegex().IsMatch(text.AsSpan(m.Index + m.Length, Math.Min(20, text.Length - m.Index - m.Length)));
                if (shape == PhoneEvidence.NeedsContext && !context) continue;
                if (!context && otherWord >= 0) continue;
                blocked ??= DateTimeRegex().Matches(text).Select(d => (d.Index, d.Index + d.Length)).ToList();
                bool isDate = false;
                foreach (var (s, e) in blocked) if (s < m.Index + m.Length && m.Index < e) { isDate = true; break; }
                if (!isDate) Add(found, PiiEntityTypes.PhoneNumber, m.Index, m.Length);
            }
        }
        return WithEntities(text, found);
    }

    /// <summary>Adds the entity model's PERSON / STREET_ADDRESS spans where no rule-based match overlaps, sorted.</summary>
    private List<PiiMatch> WithEntities(string text, List<PiiMatch> found)
    {
        if (_entities is not null)
            foreach (var m in _entities.Detect(text, _types)) Add(found, m.Type, m.Start, m.Length);
        return Sorted(found);
    }

    private static List<PiiMatch> Sorted(List<PiiMatch> found)
    {
        found.Sort((a, b) => a.Start.CompareTo(b.Start));
        return found;
    }

    private static void Add(List<PiiMatch> found, string type, int start, int length)
    {
        foreach (var f in found) if (f.Start < start + length && start < f.End) return;
        found.Add(new PiiMatch(type, start, length));
    }

    private static bool AfterAddressWord(string text, int index) =>
        AddressPrefixRegex().IsMatch(text.AsSpan(Math.Max(0, index - 12), Math.Min(12, index)));

    internal static bool IsIpv6(string s)
    {
        int colons = 0, hex = 0;
        foreach (var c in s) { if (c == ':') colons++; else if (char.IsAsciiHexDigit(c)) hex++; }
        if (colons < 2 || hex < 2) return false;
        return IPAddress.TryParse(s, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6;
    }

    /// <summary>Luhn checksum over the digits of <paramref name="digits"/>.</summary>
    public static bool Luhn(ReadOnlySpan<char> digits)
    {
        int sum = 0;
        bool dbl = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int v = digits[i] - '0';
            if (v is < 0 or > 9) return false;
            if (dbl) { v *= 2; if (v > 9) v -= 9; }
            sum += v;
            dbl = !dbl;
        }
        return sum % 10 == 0;
    }

    /// <summary>
    /// Luhn-valid and of a known issuer range and length (IIN tables of the card schemes): Visa, Mastercard (51–55,
    /// 2221–2720), Amex, Discover, Diners (300–305, 309, 36, 38, 39), JCB (3528–3589; 15-digit 1800/2131), UATP
    /// (15-digit 1), UnionPay (62, 81), RuPay (60, 65, 81, 82, 508), Mir (2200–2204), Borica (2205), Troy (9792),
    /// Humo (9860), UzCard (8600), GPN (1946), Maestro (50, 56–69 and 0604, 12–19 digits).
    /// </summary>
    internal static bool IsCard(string raw)
    {
        Span<char> d = stackalloc char[raw.Length];
        int n = 0;
        foreach (var c in raw) if (char.IsAsciiDigit(c)) d[n++] = c;
        var s = d[..n];
        if (n is < 12 or > 19 || !Luhn(s)) return false;
        int p2 = (s[0] - '0') * 10 + (s[1] - '0');
        int p3 = p2 * 10 + (s[2] - '0');
        int p4 = p3 * 10 + (s[3] - '0');
        return s[0] switch
        {
            '0' => p4 == 604 && n >= 12,                                                   // Maestro 0604
            '1' => n == 15 || (p4 == 1946 && n >= 16),                                     // UATP, JCB 1800; GPN
            '2' => (p4 is >= 2200 and <= 2205 && n >= 16) || (p4 is >= 2221 and <= 2720 && n == 16) || (p4 == 2131 && n == 15),
            '3' => p2 switch
            {
                34 or 37 => n == 15,                                                       // Amex
                35 => p4 is >= 3528 and <= 3589 && n >= 16,                                // JCB
                30 => (p3 is >= 300 and <= 305 || p3 == 309) && n >= 14,                  // Diners
                36 or 38 or 39 => n >= 14,                                                 // Diners
                _ => false,
            },
            '4' => n is 13 or 16 or 19,                                                    // Visa
            '5' => p2 is >= 51 and <= 55 ? n == 16 : n >= 12,                              // Mastercard; Maestro, RuPay 508, Dankort
            '6' => n >= 12,                                                                // Discover, UnionPay, RuPay, Maestro
            '8' => (p2 is 81 or 82 && n >= 16) || (p4 == 8600 && n == 16),                 // UnionPay/RuPay; UzCard
            '9' => p4 is 9792 or 9860 && n == 16,                                          // Troy, Humo
            _ => false,
        };
    }

    /// <summary>Card numbers are written unbroken or in groups of 3–6 digits (4-4-4-4, 4-6-5, 4-6-4, 4-4-4-4-3) with one kind of separator; the first group has 4.</summary>
    internal static bool CardGrouping(string raw)
    {
        char sep = '\0';
        int group = 0, groups = 0;
        foreach (var c in raw)
        {
            if (char.IsAsciiDigit(c)) { group++; continue; }
            if (sep == '\0') sep = c; else if (c != sep) return false;
            if (groups == 0 ? group != 4 : group is < 3 or > 6) return false;
            groups++;
            group = 0;
        }
        return groups == 0 || group is >= 3 and <= 6;
    }

    /// <summary>An order, invoice, ISBN, tracking or licence label right before the number (and no card word) says it is not a card.</summary>
    private static bool NotACard(string text, int index)
    {
        var before = text.AsSpan(Math.Max(0, index - 40), Math.Min(40, index));
        return OtherNumberContextRegex().IsMatch(before) && !CardContextRegex().IsMatch(before);
    }

    /// <summary>
    /// Where the context word nearest the end of <paramref name="span"/> starts; -1 when none. The context regexes are
    /// anchored at the end and match right to left with a lazy gap, so their one match starts at the nearest word.
    /// </summary>
    private static int NearestWord(Regex regex, ReadOnlySpan<char> span)
    {
        foreach (var m in regex.EnumerateMatches(span)) return m.Index;
        return -1;
    }

    /// <summary>US SSN validity: area not 000, 666 or 900–999; group not 00; serial not 0000.</summary>
    public static bool IsSsn(string area, string group, string serial) =>
        area != "000" && area != "666" && area[0] != '9' && group != "00" && serial != "0000"
        && !(area == "123" && group == "45" && serial == "6789") && !(area == "078" && group == "05" && serial == "1120");

    internal static bool IsPhone(string raw) => PhoneShape(raw) != PhoneEvidence.None;

    /// <summary>
    /// How much the shape alone says: a country code (+), an area code in brackets, an extension, or three or more
    /// digit groups make a phone number; two groups or an unbroken run need a phone word nearby ("call", "tel",
    /// "office", "fax"); card-like groupings (4-4-4…), ZIP+4 (5-4), SSN (3-2-4) and version-like numbers never are.
    /// </summary>
    internal static PhoneEvidence PhoneShape(string raw)
    {
        var core = ExtensionRegex().Replace(raw, "");
        bool extension = core.Length != raw.Length;
        if (SsnShapeRegex().IsMatch(core)) return PhoneEvidence.None; // 3-2-4 with dashes is the SSN layout, never a phone number
        bool intl = core.StartsWith('+'); // "+33 1 ..." has a one-digit area code after the country code
        bool bracketed = core.Contains('(');
        Span<int> lengths = stackalloc int[16];
        int digits = 0, groups = 0, groupLength = 0;
        bool inGroup = false;
        foreach (var c in core)
        {
            if (char.IsAsciiDigit(c)) { digits++; groupLength++; if (!inGroup) { groups++; inGroup = true; } }
            else
            {
                if (inGroup && groupLength == 1 && groups > (intl ? 2 : 1)) return PhoneEvidence.None; // "1.2.3.4567": version numbers, not phones
                if (inGroup && groups <= lengths.Length) lengths[groups - 1] = groupLength;
                inGroup = false;
                groupLength = 0;
            }
        }
        if (inGroup && groupLength == 1 && groups > (intl ? 2 : 1)) return PhoneEvidence.None;
        if (inGroup && groups <= lengths.Length) lengths[groups - 1] = groupLength;
        if (digits is < 6 or > 15 || (digits > 13 && !intl)) return PhoneEvidence.None;
        if (groups == 2 && lengths[0] == 5 && lengths[1] == 4 && !bracketed) return PhoneEvidence.None; // ZIP+4
        if (!intl && !bracketed && groups >= 3)
        {
            bool allFour = true;
            for (int g = 0; g < Math.Min(groups, lengths.Length); g++) allFour &= lengths[g] == 4;
            if (allFour) return PhoneEvidence.None; // 4-4-4(-4): the layout of card numbers
        }
        if (intl || bracketed) return digits >= 7 ? PhoneEvidence.Shape : PhoneEvidence.NeedsContext;
        if (groups == 3 && lengths[2] == 4 && lengths[0] <= 2 && lengths[1] <= 2 && IsDate(core)) return PhoneEvidence.None; // "12 05 2021"
        if (extension && digits >= 7) return PhoneEvidence.Shape;
        if (groups == 1 && digits is < 7 or > 12) return PhoneEvidence.None;
        if (groups >= 3 && digits >= 7 && OneSeparator(core) && !ThousandsGrouped(lengths[..Math.Min(groups, lengths.Length)])) return PhoneEvidence.Shape;
        return PhoneEvidence.NeedsContext;
    }

    private static bool OneSeparator(string core)
    {
        char sep = '\0';
        foreach (var c in core)
        {
            if (char.IsAsciiDigit(c)) continue;
            if (sep == '\0') sep = c; else if (c != sep) return false;
        }
        return true;
    }

    /// <summary>"8 336 817", "1 299 000": a first group of 1–3 digits and then only groups of three.</summary>
    private static bool ThousandsGrouped(ReadOnlySpan<int> lengths)
    {
        if (lengths.Length < 2 || lengths[0] > 3) return false;
        foreach (var l in lengths[1..]) if (l != 3) return false;
        return true;
    }

    private static bool IsDate(string core)
    {
        var parts = core.Split([' ', '.', '-', '/'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 3) return false;
        int a = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture), b = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
        int y = int.Parse(parts[2], System.Globalization.CultureInfo.InvariantCulture);
        return y is >= 1900 and <= 2099 && a is >= 1 and <= 31 && b is >= 1 and <= 31 && (a <= 12 || b <= 12);
    }

    /// <summary>End offset of a valid IBAN starting at the match (country length and mod-97 checked), or null.</summary>
    private static int? IbanEnd(string text, Match m)
    {
        var country = m.Value[..2].ToUpperInvariant();
        if (!IbanLengths.TryGetValue(country, out int length)) return null;
        Span<char> chars = stackalloc char[length];
        int n = 0, end = -1;
        for (int i = 0; i < m.Length; i++)
        {
            char c = m.Value[i];
            if (c == ' ') continue;
            chars[n++] = char.ToUpperInvariant(c);
            if (n == length) { end = m.Index + i + 1; break; }
        }
        if (end < 0 || (end < text.Length && char.IsAsciiLetterOrDigit(text[end]))) return null;
        return IbanChecksumValid(chars) ? end : null;
    }

    /// <summary>ISO 13616 mod-97 check of an upper-case IBAN without spaces.</summary>
    public static bool IbanChecksumValid(ReadOnlySpan<char> iban)
    {
        if (iban.Length < 5) return false;
        int rem = 0;
        for (int k = 0; k < iban.Length; k++)
        {
            char c = iban[(k + 4) % iban.Length];
            int v;
            if (c is >= '0' and <= '9') v = c - '0';
            else if (c is >= 'A' and <= 'Z') v = c - 'A' + 10;
            else return false;
            rem = v >= 10 ? (rem * 100 + v) % 97 : (rem * 10 + v) % 97;
        }
        return rem == 1;
    }

}
