using System.CommandLine;

namespace Pipeline.Cli;

/// <summary>
/// A `pipeline` command: a System.CommandLine <see cref="Command"/> (name, description, arguments, options, subcommands)
/// plus the handler that runs it. Handlers return the exit code (0 done, 1 failed, 2 usage/configuration, 130 cancelled)
/// or throw <see cref="UsageException"/> for a usage mistake; <see cref="CliApp"/> maps every other failure.
/// </summary>
internal sealed class CliCommand : Command
{
    public CliCommand(string name, string description) : base(name, description)
    {
    }

    /// <summary>Runs the command with its parse result; null for a group that only holds subcommands.</summary>
    public Func<ParseResult, CommandContext, Task<int>>? Handler { get; private set; }

    /// <summary>Sets the handler; returns this command, so a module can build it in one expression.</summary>
    public CliCommand Handle(Func<ParseResult, CommandContext, Task<int>> handler)
    {
        Handler = handler;
        return this;
    }

    /// <summary>Sets a synchronous handler.</summary>
    public CliCommand Handle(Func<ParseResult, CommandContext, int> handler) => Handle((r, ctx) => Task.FromResult(handler(r, ctx)));
}
