using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Documents;
using Pipeline.Core.Steps;
using Pipeline.Ingest.Synthetic;

namespace Pipeline.Bench.Workloads;

/// <summary>Benchmarks of the filters area.</summary>
internal static class FiltersWorkloads
{
    public static IEnumerable<Workload> All() =>
    [
        new("filters", "MB/s per core of each filter alone and of the full chain on synthetic web text (args: [docs=5000])", RunAsync),
    ];

    private static async Task<BenchResult> RunAsync(string[] args)
    {
        int count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5000;
        var gen = new SyntheticWebGenerator(new SyntheticWebOptions { Count = count, Seed = 7 });
        var docs = new Document[count];
        for (int i = 0; i < count; i++) docs[i] = gen.Generate(i);
        long bytes = docs.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Text));

        var temp = Path.Combine(Path.GetTempPath(), "pipeline-bench-filters-" + Environment.ProcessId);
        Directory.CreateDirectory(temp);
        try
        {
            var registry = Cli.Registry.CreateDefault();
            var shared = FindShared();
            var lexicon = Path.Combine(shared, "toxicity", "ldnoobw");
            if (!Directory.Exists(lexicon))
            {
                lexicon = temp;
                await File.WriteAllLinesAsync(Path.Combine(temp, "en"), ["idiot", "moron", "jerk"]);
            }
            var model = Path.Combine(temp, "toxicity.bin");
            var davidson = Path.Combine(shared, "toxicity", "davidson", "data", "labeled_data.csv");
            var trainRows = File.Exists(davidson)
                ? Filters.Toxicity.LabelledText.ReadCsv(davidson, "tweet", "class", ["0", "1"]).Take(5000).ToList()
                : [new("you idiot", true), new("nice day", false)];
            Filters.Toxicity.LinearTextClassifier.Train(trainRows, epochs: 2).Save(model);
            var domains = Path.Combine(temp, "domains.txt");
            await File.WriteAllLinesAsync(domains, Enumerable.Range(0, 1_000_000).Select(i => $"blocked{i}.example"));

            (string Name, string Uses, string With)[] steps =
            [
                ("licence_policy", "filters.licence_policy", """{"deny":["CC-BY-NC-4.0"]}"""),
                ("url", "filters.url", JsonSerializer.Serialize(new { domain_files = new[] { domains }, substrings = new[] { "casino", "/ads/" } })),
                ("length", "filters.length", """{"min_words":50}"""),
                ("gopher_quality", "filters.gopher_quality", "{}"),
                ("gopher_repetition", "filters.gopher_repetition", "{}"),
                ("fineweb", "filters.fineweb", "{}"),
                ("c4", "filters.c4", "{}"),
                ("toxicity_lexicon", "filters.toxicity", JsonSerializer.Serialize(new { mode = "lexicon", lexicon_dir = lexicon })),
                ("toxicity_classifier", "filters.toxicity", JsonSerializer.Serialize(new { mode = "classifier", model, threshold = 0.99 })),
                ("pii", "filters.pii", """{"mode":"redact"}"""),
            ];
            var result = new BenchResult("filters").Add("docs", count).Add("mb", bytes / 1e6);
            var created = new List<(string Name, ProcessorStep Step)>();
            foreach (var (name, uses, with) in steps)
            {
                var d = registry.Find(uses) ?? throw new InvalidOperationException($"step {uses} is not registered");
                using var json = JsonDocument.Parse(with);
                var step = (ProcessorStep)d.Create(d.Bind(json.RootElement, temp, temp));
                await step.OpenAsync(StepContext.ForTool(name, temp), CancellationToken.None);
                created.Add((name, step));
            }
            var perFilter = new JsonObject();
            foreach (var (name, step) in created)
            {
                await RunStepAsync(step, docs); // warm-up
                var (wall, cpu, kept) = await MeasureAsync(() => RunStepAsync(step, docs));
                perFilter[name] = new JsonObject { ["mb_per_s_wall"] = Math.Round(bytes / 1e6 / wall, 2), ["mb_per_cpu_s"] = Math.Round(bytes / 1e6 / cpu, 2), ["kept"] = kept };
            }
            result.Add("per_filter", perFilter);
            var chain = created.Where(c => c.Name != "toxicity_classifier").Select(c => c.Step).ToList();
            await RunChainAsync(chain, docs);
            var (cw, cc, ck) = await MeasureAsync(() => RunChainAsync(chain, docs));
            result.Add("chain_mb_per_s_wall", bytes / 1e6 / cw).Add("chain_mb_per_cpu_s", bytes / 1e6 / cc).Add("chain_kept", ck);
            result.Add("note", "single thread; mb_per_cpu_s = input MB / process CPU seconds (one core); shared 2-core machine, other builds running");
            result.Add("peak_rss_mb", Machine.PeakRssMb());
            return result;
        }
        finally
        {
            try { Directory.Delete(temp, true); } catch (IOException) { }
        }
    }

    private static async Task<(double Wall, double Cpu, int Kept)> MeasureAsync(Func<Task<int>> run)
    {
        int kept = 0;
        var m = await Measurement.TimeAsync(async () => kept = await run(), warm: true);
        return (m.WallSeconds, Math.Max(m.CpuSeconds, 1e-6), kept);
    }

    private static readonly StepContext BenchContext = StepContext.ForTool("bench", Path.GetTempPath());

    private static async Task<int> RunStepAsync(ProcessorStep step, Document[] docs)
    {
        var outcomes = new Outcome[256];
        int kept = 0;
        for (int i = 0; i < docs.Length; i += 256)
        {
            int n = Math.Min(256, docs.Length - i);
            await step.ProcessBatchAsync(docs.AsMemory(i, n), outcomes.AsMemory(0, n), BenchContext, CancellationToken.None);
            for (int k = 0; k < n; k++) if (outcomes[k].Passes) kept++;
        }
        return kept;
    }

    private static async Task<int> RunChainAsync(List<ProcessorStep> chain, Document[] docs)
    {
        var outcomes = new Outcome[256];
        int kept = 0;
        for (int i = 0; i < docs.Length; i += 256)
        {
            var batch = docs.AsMemory(i, Math.Min(256, docs.Length - i)).ToArray();
            foreach (var step in chain)
            {
                if (batch.Length == 0) break;
                await step.ProcessBatchAsync(batch, outcomes.AsMemory(0, batch.Length), BenchContext, CancellationToken.None);
                var next = new List<Document>(batch.Length);
                for (int k = 0; k < batch.Length; k++) if (outcomes[k].Passes) next.Add(outcomes[k].Document);
                batch = next.ToArray();
            }
            kept += batch.Length;
        }
        return kept;
    }

    private static string FindShared()
    {
        var d = new DirectoryInfo(AppContext.BaseDirectory);
        while (d is not null && !File.Exists(Path.Combine(d.FullName, "Pipeline.sln"))) d = d.Parent;
        return Path.GetFullPath(Path.Combine(d?.FullName ?? ".", "..", "shared", "data"));
    }
}
