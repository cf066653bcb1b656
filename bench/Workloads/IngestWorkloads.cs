using System.Diagnostics;
using System.Text.Json.Nodes;
using Pipeline.Ingest.Html;

namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the ingest area.</summary>
internal static class IngestWorkloads
{
    private const string DefaultPages = "../shared/data/extraction-dev/pages";
    private const string DefaultSnippets = "../shared/data/extraction-dev/trafilatura-eval";

    public static IEnumerable<Workload> All() =>
    [
        new("extract-eval", "HTML main-text extraction quality on both extraction-dev sets: shingle P/R/F1 on pages, snippet P/R/F1 on trafilatura-eval [PAGES_DIR] [TRAFILATURA_DIR]", ExtractEvalAsync),
        new("extract-speed", "extraction pages/s per core, ours vs readability-lxml (bench/peers/readability_speed.py) on both page sets [PAGES_DIR] [REPEAT] [TRAFILATURA_DIR]", ExtractSpeedAsync),
    ];

    private static string PagesDir(string[] args) => Path.GetFullPath(args.Length > 0 ? args[0] : Path.Combine(RepoRoot(), DefaultPages));

    private static string SnippetsDir(string[] args, int at) => Path.GetFullPath(args.Length > at ? args[at] : Path.Combine(RepoRoot(), DefaultSnippets));

    private static Task<BenchResult> ExtractEvalAsync(string[] args)
    {
        var dir = PagesDir(args);
        var eval = Measurement.Start();
        var r = ExtractionEval.Run(dir, Environment.ProcessorCount);
        var evalTime = eval.Stop();
        var result = new BenchResult("extract-eval")
            .Add("pages", r.Pages.Count)
            .Add("precision", r.Precision)
            .Add("recall", r.Recall)
            .Add("f1", r.F1)
            .Add("seconds", evalTime.WallSeconds);
        var worst = new JsonArray();
        foreach (var p in r.Pages.Take(5)) worst.Add(new JsonObject { ["page"] = p.Page, ["precision"] = Math.Round(p.Precision, 3), ["recall"] = Math.Round(p.Recall, 3) });
        result.Add("worst", worst);

        var snippets = Measurement.Start(warm: true);
        var s = SnippetEval.Run(SnippetsDir(args, 1), Environment.ProcessorCount);
        var snippetTime = snippets.Stop();
        result.Add("snippet_pages", s.Pages)
            .Add("snippet_precision", s.Precision)
            .Add("snippet_recall", s.Recall)
            .Add("snippet_f1", s.F1)
            .Add("snippet_accuracy", s.Accuracy)
            .Add("snippet_counts", $"tp {s.TruePositives} fn {s.FalseNegatives} fp {s.FalsePositives} tn {s.TrueNegatives}")
            .Add("snippet_seconds", snippetTime.WallSeconds);
        return Task.FromResult(result);
    }

    private static async Task<BenchResult> ExtractSpeedAsync(string[] args)
    {
        var dir = PagesDir(args);
        int repeat = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3;
        var pages = Directory.EnumerateDirectories(dir).Order(StringComparer.Ordinal)
            .Select(d => Path.Combine(d, "source.html")).Where(File.Exists)
            .Select(f => File.ReadAllText(f)).ToList();
        var result = new BenchResult("extract-speed");
        await SpeedAsync(result, "", dir, pages, repeat);
        var snippets = SnippetsDir(args, 2);
        var gz = Path.Combine(snippets, "pages");
        if (Directory.Exists(gz))
        {
            var tpages = Directory.EnumerateFiles(gz, "*.gz").Order(StringComparer.Ordinal).Select(SnippetEval.ReadPage).ToList();
            await SpeedAsync(result, "trafilatura_", snippets, tpages, 1);
        }
        return result.Add("note", "single thread each; per CPU-second figures are pages/s per core (machine shared with other builds); trafilatura_ = trafilatura-eval pages, once each");
    }

    private static async Task SpeedAsync(BenchResult result, string prefix, string dir, List<string> pages, int repeat)
    {
        long chars = 0;
        foreach (var html in pages) chars += ExtractionEval.ExtractText(html).Length; // warm-up (JIT), not timed

        // One thread, so pages per CPU-second is pages/s per core even on a shared machine.
        var ours = Measurement.Time(() =>
        {
            for (int rep = 0; rep < repeat; rep++)
                foreach (var html in pages) ExtractionEval.ExtractText(html);
        }, warm: true);
        double cpu = ours.CpuSeconds;
        int n = pages.Count * repeat;

        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
        var script = Path.Combine(RepoRoot(), "bench", "peers", "readability_speed.py");
        var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(dir);
        psi.ArgumentList.Add("1");
        using var peer = Process.Start(psi) ?? throw new InvalidOperationException("could not start " + python);
        var stdout = await peer.StandardOutput.ReadToEndAsync();
        var stderr = await peer.StandardError.ReadToEndAsync();
        await peer.WaitForExitAsync();
        if (peer.ExitCode != 0)
            throw new InvalidOperationException($"readability peer failed (exit {peer.ExitCode}); install Debian python3-readability. {stderr.Trim()}");
        var peerJson = JsonNode.Parse(stdout.Trim().Split('\n')[^1])!;
        double peerPerCpu = peerJson["pages_per_cpu_sec"]!.GetValue<double>();
        double peerPerSec = peerJson["pages_per_sec"]!.GetValue<double>();
        double oursPerCpu = n / cpu, oursPerSec = ours.PerSecond(n);
        result.Add(prefix + "ours_", ours);
        result.Add(prefix + "pages", pages.Count)
            .Add(prefix + "repeat", repeat)
            .Add(prefix + "mean_kb", pages.Average(p => p.Length) / 1024.0)
            .Add(prefix + "ours_pages_per_cpu_sec", oursPerCpu)
            .Add(prefix + "ours_pages_per_sec_wall", oursPerSec)
            .Add(prefix + "readability_pages_per_cpu_sec", peerPerCpu)
            .Add(prefix + "readability_pages_per_sec_wall", peerPerSec)
            .Add(prefix + "speedup_per_core", oursPerCpu / peerPerCpu);
    }

    private static string RepoRoot()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Pipeline.sln"))) d = d.Parent;
        return d?.FullName ?? Directory.GetCurrentDirectory();
    }
}
