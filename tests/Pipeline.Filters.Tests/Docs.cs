using Pipeline.Core.Documents;
using Pipeline.Core.Steps;

namespace Pipeline.Filters.Tests;

internal static class Docs
{
    public static Document Make(string text, params (string Key, object Value)[] meta)
    {
        var d = new Document("doc-1", text, SourceRef.Synthetic("test", 0));
        foreach (var (k, v) in meta) d = d.WithMeta(k, v);
        return d;
    }

    public static Document WithUrl(string text, string url) => new("doc-u", text, new SourceRef("test", 0, Url: url));

    public static Outcome Run(ProcessorStep step, Document d, StepContext? context = null) =>
        step.ProcessAsync(d, context ?? StepContext.ForTool("test", Path.GetTempPath()), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public static Outcome Run(ProcessorStep step, string text) => Run(step, Make(text));

    public static Outcome Run(ProcessorStep step, string text, StepContext context) => Run(step, Make(text), context);

    /// <summary>n distinct words like "wab", "wac" of length <paramref name="length"/> (letters only).</summary>
    public static List<string> Distinct(int n, int length, int salt = 0)
    {
        var result = new List<string>();
        for (int i = 0; i < n; i++)
        {
            var chars = new char[length];
            int x = i + salt * 7919;
            for (int k = length - 1; k >= 0; k--) { chars[k] = (char)('a' + x % 26); x /= 26; }
            chars[0] = (char)('k' + (salt % 10));
            result.Add(new string(chars));
        }
        return result;
    }
}
