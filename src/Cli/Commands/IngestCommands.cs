namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Ingest.</summary>
internal static class IngestCommands
{
    public static IEnumerable<CliCommand> All() => [];
}
