namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Train.</summary>
internal static class TrainCommands
{
    public static IEnumerable<CliCommand> All() => [];
}
