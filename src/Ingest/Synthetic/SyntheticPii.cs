using System.Text;

namespace Pipeline.Ingest.Synthetic;

/// <summary>Planted personal data: emails, US and international phones, Luhn-valid card numbers, IPv4 and IPv6.</summary>
internal static class SyntheticPii
{
    private static readonly string[] MailHosts = ["example.com", "mail.example.org", "inbox.example.net", "example.co"];
    private static readonly string[] IntlPrefixes = ["+44 20", "+49 30", "+33 1", "+34 91", "+39 06", "+81 3", "+61 2", "+31 20"];

    /// <summary>One sentence containing one item of PII; counts the type in <paramref name="counts"/>.</summary>
    public static string Sentence(ref SyntheticRng r, Dictionary<string, long> counts)
    {
        string name = r.Pick(SyntheticWords.Names);
        string surname = r.Pick(SyntheticWords.Surnames);
        switch (r.NextInt(6))
        {
            case 0:
                Count(counts, "email");
                return $"You can reach {name} at {Email(ref r, name, surname)} for more details.";
            case 1:
                Count(counts, "phone");
                return $"Call {name} on {UsPhone(ref r)} during office hours.";
            case 2:
                Count(counts, "phone");
                return $"Our office abroad answers on {IntlPhone(ref r)} every weekday.";
            case 3:
                Count(counts, "credit_card");
                return $"{name} paid with the card {Card(ref r)} and asked for a receipt.";
            case 4:
                Count(counts, "ip_address");
                return $"The requests came from {Ipv4(ref r)} according to the server log.";
            default:
                Count(counts, "ip_address");
                return $"The admin blocked {Ipv6(ref r)} after the attack.";
        }
    }

    private static void Count(Dictionary<string, long> counts, string type) =>
        counts[type] = counts.TryGetValue(type, out var n) ? n + 1 : 1;

    public static string Email(ref SyntheticRng r, string name, string surname) =>
        $"{name.ToLowerInvariant()}.{surname.ToLowerInvariant()}{r.NextInt(100)}@{r.Pick(MailHosts)}";

    public static string UsPhone(ref SyntheticRng r)
    {
        int area = 201 + r.NextInt(780), mid = 200 + r.NextInt(800), last = r.NextInt(10000);
        return r.NextInt(3) switch
        {
            0 => $"({area}) {mid}-{last:D4}",
            1 => $"{area}-{mid}-{last:D4}",
            _ => $"+1 {area} {mid} {last:D4}",
        };
    }

    public static string IntlPhone(ref SyntheticRng r) =>
        $"{r.Pick(IntlPrefixes)} {1000 + r.NextInt(9000)} {1000 + r.NextInt(9000)}";

    /// <summary>A 16-digit number starting with 4 whose Luhn checksum is valid, grouped by 4.</summary>
    public static string Card(ref SyntheticRng r)
    {
        Span<int> d = stackalloc int[16];
        d[0] = 4;
        for (int i = 1; i < 15; i++) d[i] = r.NextInt(10);
        d[15] = LuhnCheckDigit(d[..15]);
        var sb = new StringBuilder(19);
        char sep = r.NextInt(2) == 0 ? ' ' : '-';
        for (int i = 0; i < 16; i++)
        {
            if (i > 0 && i % 4 == 0) sb.Append(sep);
            sb.Append((char)('0' + d[i]));
        }
        return sb.ToString();
    }

    /// <summary>The digit that makes <paramref name="payload"/> + digit pass the Luhn check.</summary>
    public static int LuhnCheckDigit(ReadOnlySpan<int> payload)
    {
        int sum = 0;
        for (int i = payload.Length - 1, k = 0; i >= 0; i--, k++)
        {
            int v = payload[i];
            if (k % 2 == 0)
            {
                v *= 2;
                if (v > 9) v -= 9;
            }
            sum += v;
        }
        return (10 - sum % 10) % 10;
    }

    public static string Ipv4(ref SyntheticRng r) =>
        $"{11 + r.NextInt(200)}.{r.NextInt(256)}.{r.NextInt(256)}.{1 + r.NextInt(254)}";

    public static string Ipv6(ref SyntheticRng r) =>
        $"2001:db8:{r.NextInt(65536):x}:{r.NextInt(65536):x}::{r.NextInt(65536):x}:{1 + r.NextInt(65535):x}";
}
