using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Policy;

/// <summary>Options of <c>filters.licence_policy</c>.</summary>
public sealed class LicencePolicyOptions : IValidatableOptions
{
    [Description("Licence ids (meta 'licence', SPDX-style, case-insensitive) to keep; when non-empty, any other known licence is dropped.")]
    public List<string> Allow { get; init; } = [];

    [Description("Licence ids to drop.")]
    public List<string> Deny { get; init; } = [];

    [Description("What to do with documents without a licence (or 'unknown'/'NOASSERTION'): keep or drop.")]
    [AllowedValues("keep", "drop")]
    public string Unknown { get; init; } = "keep";

    [Description("Drop documents carrying any opt-out signal (meta 'opt_out' list).")]
    public bool RespectOptOut { get; init; } = true;

    [Description("Opt-out signals to ignore (e.g. signals that only restrict other uses); empty = every signal counts.")]
    public List<string> IgnoreOptOutSignals { get; init; } = [];

    /// <inheritdoc/>
    public IEnumerable<(string Key, string Message)> Validate()
    {
        foreach (var a in Allow)
            if (Deny.Contains(a, StringComparer.OrdinalIgnoreCase)) yield return ("deny", $"licence '{a}' is in both allow and deny");
    }
}
