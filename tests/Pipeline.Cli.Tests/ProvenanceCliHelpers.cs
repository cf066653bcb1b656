namespace Pipeline.Cli.Tests;

/// <summary>Runs the CLI in-process with captured output.</summary>
internal static class ProvenanceCliHelpers
{
    public static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = await CliApp.RunAsync(args, o, e, CancellationToken.None);
        return (code, o.ToString(), e.ToString());
    }
}
