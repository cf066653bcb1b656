using System.Text.RegularExpressions;

namespace Pipeline.Tokens;

/// <summary>The GPT-4 (cl100k) pre-tokenisation pattern, in .NET syntax (no possessive quantifiers).</summary>
internal static partial class BpePattern
{
    public const string Cl100k =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    [GeneratedRegex(Cl100k)]
    public static partial Regex Regex();
}
