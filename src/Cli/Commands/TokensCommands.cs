namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Tokens.</summary>
internal static class TokensCommands
{
    public static IEnumerable<CliCommand> All() => [];
}
