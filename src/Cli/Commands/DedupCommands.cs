namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Dedup.</summary>
internal static class DedupCommands
{
    public static IEnumerable<CliCommand> All() => [];
}
