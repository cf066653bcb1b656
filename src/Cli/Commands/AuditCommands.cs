using System.CommandLine;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Audit.</summary>
internal static class AuditCommands
{
    public static IEnumerable<Command> All() => [];
}
