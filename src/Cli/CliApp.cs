using Pipeline.Cli.Commands;

namespace Pipeline.Cli;

/// <summary>Dispatches `pipeline` sub-commands and turns errors into exit codes.</summary>
internal static class CliApp
{
    public static IReadOnlyList<CliCommand> Commands { get; } =
    [
        .. CoreCommands.All(),
        .. IngestCommands.All(),
        .. FiltersCommands.All(),
        .. DedupCommands.All(),
        .. ProvenanceCommands.All(),
        .. TokensCommands.All(),
        .. TrainCommands.All(),
        .. AuditCommands.All(),
        .. SchedulerCommands.All(),
    ];

    public static async Task<int> RunAsync(string[] args, TextWriter @out, TextWriter error, CancellationToken ct, bool interactive = false)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            PrintHelp(@out);
            return args.Length == 0 ? 2 : 0;
        }
        if (args[0] is "--version")
        {
            @out.WriteLine(typeof(CliApp).Assembly.GetName().Version);
            return 0;
        }
        var command = Commands
            .Where(c => c.Name.Split(' ') is var words && words.Length <= args.Length && words.SequenceEqual(args.Take(words.Length)))
            .MaxBy(c => c.Name.Split(' ').Length);
        if (command is null)
        {
            var guess = Core.Util.Levenshtein.Nearest(args[0], Commands.Select(c => c.Name.Split(' ')[0]).Distinct());
            error.WriteLine($"error: unknown command '{args[0]}'" + (guess is null ? "" : $"; did you mean '{guess}'?") + " (pipeline --help lists commands)");
            return 2;
        }
        var rest = args.Skip(command.Name.Split(' ').Length).ToList();
        if (rest.Contains("--help") || rest.Contains("-h"))
        {
            @out.WriteLine($"pipeline {command.Name}: {command.Summary}");
            @out.WriteLine($"usage: pipeline {command.Usage}");
            return 0;
        }
        var registry = Registry.CreateDefault();
        var ctx = new CommandContext(@out, error, registry, ct) { Interactive = interactive };
        try
        {
            var parsed = new CliArgs(rest, command.Flags);
            return await command.Run(parsed, ctx).ConfigureAwait(false);
        }
        catch (DagInvalidException ex)
        {
            error.WriteLine($"error: {ex.Path}: {ex.Errors.Count} problem(s):");
            foreach (var e in ex.Errors) error.WriteLine($"  {e}");
            return 2;
        }
        catch (UsageException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            error.WriteLine($"usage: pipeline {command.Usage}");
            return 2;
        }
        catch (Train.TrainConfigurationException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            error.WriteLine("cancelled");
            return 130;
        }
        catch (FileNotFoundException ex)
        {
            error.WriteLine($"error: file not found: {ex.FileName ?? ex.Message}");
            return 2;
        }
        catch (DirectoryNotFoundException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (Core.Running.RunSetupException ex)
        {
            error.WriteLine($"error: {ex.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            error.WriteLine("error: the operation was cancelled (timed out)");
            return 1;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
        {
            // file system problems the command could not get past: configuration, not a bug
            error.WriteLine($"error: {OneLine(ex.Message)}");
            return 2;
        }
        catch (Exception ex)
        {
            // the exit-code contract: no exception reaches the runtime (PIPELINE_DEBUG=1 prints the trace)
            error.WriteLine($"error: {OneLine(ex.Message)} ({ex.GetType().Name})");
            if (Environment.GetEnvironmentVariable("PIPELINE_DEBUG") == "1") error.WriteLine(ex);
            return 1;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    private static void PrintHelp(TextWriter w)
    {
        w.WriteLine("pipeline: web corpora to a pretrained model, with provenance.");
        w.WriteLine("usage: pipeline COMMAND [args]   (pipeline COMMAND --help for details)");
        w.WriteLine();
        foreach (var c in Commands) w.WriteLine($"  {c.Name,-24} {c.Summary}");
    }
}
