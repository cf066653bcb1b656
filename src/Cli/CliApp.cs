using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Pipeline.Cli.Commands;
using Pipeline.Core.Util;

namespace Pipeline.Cli;

/// <summary>
/// Builds the `pipeline` command tree (System.CommandLine), parses the arguments and runs the chosen command, turning
/// every outcome into the exit-code contract: 0 done, 1 failed, 2 usage or configuration error, 130 cancelled.
/// </summary>
internal static class CliApp
{
    /// <summary>Every module's top-level commands. A group named by two modules (e.g. `dedup`) is merged into one.</summary>
    private static IEnumerable<Command> Modules() =>
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

    /// <summary>The whole command tree (built anew per call: commands hold their options, and handlers close over them).</summary>
    public static Command BuildRoot()
    {
        // a named root rather than RootCommand, whose name is the host's (testhost, dotnet) when not run as the apphost
        var root = new Command("pipeline", "pipeline: web corpora to a pretrained model, with provenance (docs/cli.md)")
        {
            new HelpOption { Recursive = true },
            new VersionOption(),
        };
        foreach (var command in Modules())
        {
            var existing = root.Subcommands.FirstOrDefault(c => c.Name == command.Name);
            if (existing is null)
            {
                root.Add(command);
                continue;
            }
            if (command.Subcommands.Count == 0 || existing.Subcommands.Count == 0)
                throw new InvalidOperationException($"two modules define the command '{command.Name}'");
            foreach (var sub in command.Subcommands.ToList()) existing.Add(sub);
        }
        return root;
    }

    public static async Task<int> RunAsync(string[] args, TextWriter @out, TextWriter error, CancellationToken ct, bool interactive = false)
    {
        // `pipeline help [COMMAND...]` is `pipeline [COMMAND...] --help`
        if (args.Length > 0 && args[0] == "help") args = [.. args.Skip(1), "--help"];
        var root = BuildRoot();
        var parse = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var invocation = new InvocationConfiguration { Output = @out, Error = error, EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = null };
        if (parse.Action is not (null or ParseErrorAction) && parse.UnmatchedTokens.Count == 0)
        {
            // --help and --version: our commands set no System.CommandLine action, so any action here is one of these
            return parse.Invoke(invocation) == 0 ? 0 : 2;
        }
        if (parse.CommandResult.Command is not CliCommand { Handler: { } handler })
        {
            // the root or a group without a subcommand: its help lists what it holds
            if (parse.UnmatchedTokens.Count > 0 || args.Length > 0 && parse.Errors.Any(e => !IsMissingSubcommand(e)))
                return ReportParseErrors(parse, error);
            root.Parse([.. CommandWords(parse.CommandResult).Skip(1), "--help"]).Invoke(new InvocationConfiguration { Output = error, Error = error });
            return 2;
        }
        if (parse.Errors.Count > 0 || parse.UnmatchedTokens.Count > 0 || OptionsTakenAsArguments(parse).Any()) return ReportParseErrors(parse, error);
        var ctx = new CommandContext(@out, error, Registry.CreateDefault(), ct) { Interactive = interactive };
        var see = $"see: {string.Join(' ', CommandWords(parse.CommandResult))} --help";
        try
        {
            return await handler(parse, ctx).ConfigureAwait(false);
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
            error.WriteLine(see);
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
            Debug(error, ex);
            return 2;
        }
        catch (Exception ex)
        {
            // the exit-code contract: no exception reaches the runtime (PIPELINE_DEBUG=1 prints the trace)
            error.WriteLine($"error: {OneLine(ex.Message)} ({ex.GetType().Name}; PIPELINE_DEBUG=1 prints the stack trace)");
            Debug(error, ex);
            return 1;
        }
    }

    private static void Debug(TextWriter error, Exception ex)
    {
        if (Environment.GetEnvironmentVariable("PIPELINE_DEBUG") == "1") error.WriteLine(ex);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();

    /// <summary>"pipeline", "provenance", "query": the words that name a parsed command.</summary>
    private static List<string> CommandWords(CommandResult result)
    {
        var words = new List<string>();
        for (SymbolResult? r = result; r is CommandResult c; r = c.Parent) words.Insert(0, c.Parent is null ? "pipeline" : c.Command.Name);
        return words;
    }

    private static bool IsMissingSubcommand(ParseError e) =>
        e.SymbolResult is CommandResult { Command.Subcommands.Count: > 0 } c && c.Command is not CliCommand { Handler: not null };

    /// <summary>
    /// Unknown options that System.CommandLine bound to a free positional argument (<c>run --bogus d.json</c> would
    /// run a DAG named "--bogus"): tokens of the command's own arguments that look like options, unless they follow "--".
    /// </summary>
    private static IEnumerable<string> OptionsTakenAsArguments(ParseResult parse)
    {
        int doubleDash = parse.Tokens.ToList().FindIndex(t => t.Type == TokenType.DoubleDash);
        foreach (var argument in parse.CommandResult.Children.OfType<ArgumentResult>())
            foreach (var token in argument.Tokens)
            {
                if (!LooksLikeOption(token.Value)) continue;
                int at = parse.Tokens.ToList().FindIndex(t => ReferenceEquals(t, token));
                if (doubleDash >= 0 && at > doubleDash) continue;
                yield return token.Value;
            }
    }

    private static bool LooksLikeOption(string value) =>
        value.Length > 1 && value[0] == '-' && !double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    /// <summary>One line per problem, unknown names with the nearest valid one; exit code 2.</summary>
    private static int ReportParseErrors(ParseResult parse, TextWriter error)
    {
        var command = parse.CommandResult;
        var misplaced = OptionsTakenAsArguments(parse).ToList();
        // an unknown option took an argument's place, so the arguments after it are left over: report the option only
        var unmatched = misplaced.Count > 0 ? [.. misplaced, .. parse.UnmatchedTokens.Where(LooksLikeOption)] : parse.UnmatchedTokens;
        foreach (var token in unmatched)
        {
            if (token.StartsWith('-') && token.Length > 1)
            {
                var guess = Levenshtein.Nearest(token, OptionNames(command));
                error.WriteLine($"error: unknown option {token}" + (guess is null ? "" : $"; did you mean {guess}?"));
            }
            else if (command.Command.Subcommands.Count > 0)
            {
                var guess = Levenshtein.Nearest(token, command.Command.Subcommands.Select(c => c.Name));
                error.WriteLine($"error: unknown command '{token}'" + (guess is null ? "" : $"; did you mean '{guess}'?"));
            }
            else error.WriteLine($"error: unexpected argument '{token}'");
        }
        foreach (var e in misplaced.Count > 0 ? [] : parse.Errors)
        {
            if (unmatched.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal))) continue;
            if (unmatched.Count > 0 && IsMissingSubcommand(e)) continue;
            error.WriteLine($"error: {e.Message}");
        }
        error.WriteLine($"see: {string.Join(' ', CommandWords(command))} --help");
        return 2;
    }

    /// <summary>The long option names valid at a command: its own and its parents' recursive ones (--help).</summary>
    private static IEnumerable<string> OptionNames(CommandResult command)
    {
        foreach (var o in command.Command.Options)
            foreach (var n in o.Aliases.Prepend(o.Name))
                if (n.StartsWith("--", StringComparison.Ordinal)) yield return n;
        for (SymbolResult? r = command.Parent; r is CommandResult c; r = c.Parent)
            foreach (var o in c.Command.Options.Where(o => o.Recursive))
                if (o.Name.StartsWith("--", StringComparison.Ordinal)) yield return o.Name;
    }
}
