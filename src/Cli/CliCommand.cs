namespace Pipeline.Cli;

/// <summary>A `pipeline` sub-command. <paramref name="Name"/> may have several words ("provenance query").</summary>
/// <param name="Name">Words after `pipeline`.</param>
/// <param name="Summary">One line for the command list.</param>
/// <param name="Usage">Arguments and options, shown by --help.</param>
/// <param name="Flags">Options that take no value.</param>
/// <param name="Run">Runs the command; returns the exit code (0 ok, 1 failed, 2 usage/config error, 130 cancelled).</param>
internal sealed record CliCommand(string Name, string Summary, string Usage, IReadOnlySet<string> Flags, Func<CliArgs, CommandContext, Task<int>> Run);
