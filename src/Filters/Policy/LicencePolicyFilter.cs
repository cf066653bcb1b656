using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Policy;

/// <summary><c>filters.licence_policy</c>: keep or drop by licence allow/deny lists, unknown-licence policy and opt-out signals.</summary>
internal sealed class LicencePolicyFilter(LicencePolicyOptions options) : FilterStep
{
    private readonly HashSet<string> _allow = new(options.Allow, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _deny = new(options.Deny, StringComparer.OrdinalIgnoreCase);
    private readonly HashSet<string> _ignored = new(options.IgnoreOptOutSignals, StringComparer.OrdinalIgnoreCase);

    protected override Outcome Decide(Document document)
    {
        if (options.RespectOptOut)
        {
            var signals = document.Meta.GetStrings("opt_out").Where(s => !_ignored.Contains(s)).ToList();
            if (signals.Count > 0) return Outcome.Drop(document, "licence_policy:opt_out", "opt_out=" + string.Join(",", signals));
        }
        var licence = document.Meta.GetString("licence")?.Trim();
        if (string.IsNullOrEmpty(licence) || licence.Equals("unknown", StringComparison.OrdinalIgnoreCase) || licence.Equals("NOASSERTION", StringComparison.OrdinalIgnoreCase))
            return options.Unknown == "drop" ? Outcome.Drop(document, "licence_policy:unknown_licence", "licence=" + (licence is { Length: > 0 } ? licence : "(none)")) : Outcome.Keep(document);
        if (_deny.Contains(licence)) return Outcome.Drop(document, "licence_policy:denied_licence", "licence=" + licence);
        if (_allow.Count > 0 && !_allow.Contains(licence)) return Outcome.Drop(document, "licence_policy:not_allowed", "licence=" + licence);
        return Outcome.Keep(document);
    }
}
