namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Provenance.</summary>
internal static class ProvenanceCommands
{
    public static IEnumerable<CliCommand> All() => [];
}
