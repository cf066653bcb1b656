namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Filters.</summary>
internal static class FiltersCommands
{
    public static IEnumerable<CliCommand> All() => [];
}
