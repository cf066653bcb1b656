using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Core.Util;

namespace Pipeline.Audit;

/// <summary><c>audit.report</c>: one self-contained HTML report, a Markdown summary and the next mixture weights.</summary>
internal sealed class ReportStep(ReportOptions options) : ArtifactStep
{
    public override async Task<IReadOnlyList<Artifact>> RunAsync(StepContext context, CancellationToken cancellationToken)
    {
        await context.Ledger.FlushAsync(cancellationToken).ConfigureAwait(false);
        return await Task.Factory.StartNew(() => Run(context), cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default).ConfigureAwait(false);
    }

    private IReadOnlyList<Artifact> Run(StepContext context)
    {
        var notes = new List<string>();
        JsonObject? stability = null, perplexity = null, probes = null;
        foreach (var a in context.InputsOfKind("audit"))
        {
            var o = AuditResults.ReadStep(a.Path);
            switch ((string?)o["kind"])
            {
                case "stability": stability = o["details"] as JsonObject; break;
                case "perplexity": perplexity = o["details"] as JsonObject; break;
                case "probes": probes = o["details"] as JsonObject; break;
            }
        }
        var metricsPath = options.Metrics is { } mp ? context.ResolveInput(mp)
            : context.InputsOfKind("metrics").FirstOrDefault()?.Path ?? (string?)stability?["metrics_file"];
        var metrics = metricsPath is not null && File.Exists(metricsPath) ? TrainMetrics.Load(metricsPath) : null;
        if (metrics is null) notes.Add("No training metrics: add the train step to this step's needs for the loss curve.");
        var spikes = (stability?["spikes"]?.AsArray() ?? []).Select(s => new Spike((long)s!["step"]!, (string)s["metric"]!, Dbl(s["value"]), Dbl(s["window_mean"]), Dbl(s["window_std"]), Dbl(s["z"]))).ToList();

        var ledger = context.LedgerReader is { Available: true } r ? r : null;
        bool haveLedger = ledger is not null;
        var funnel = new List<(string, long)>();
        string funnelSource = "";
        var licences = new List<(string, long, long, long, long)>();
        if (haveLedger)
        {
            try
            {
                funnel = LedgerFacts.Funnel(ledger!);
                funnelSource = "the provenance ledger (documents entering each source step, minus drops and errors at each later step, in the order the steps acted)";
                licences = LedgerFacts.Licences(ledger!);
            }
            catch (Provenance.LedgerException ex)
            {
                notes.Add($"Ledger not readable: {ex.Message}");
            }
        }
        if (funnel.Count == 0 && StatsFunnel(Path.Combine(context.Run.OutputDirectory, "stats.json")) is { Count: > 0 } sf)
        {
            funnel = sf;
            funnelSource = "stats.json of the previous run in this output folder (the ledger was off)";
        }

        var shards = options.Shards is { } sp ? context.ResolveInput(sp) : context.InputsOfKind("shards").LastOrDefault()?.Path;
        var tokens = new List<(string, long)>();
        var weights = new Dictionary<string, double>(StringComparer.Ordinal);
        if (shards is not null && File.Exists(Path.Combine(shards, Tokens.ShardSetManifest.FileName)))
        {
            var manifest = Tokens.ShardSetManifest.Load(shards);
            foreach (var (domain, st) in manifest.Domains)
            {
                tokens.Add((domain, st.TrainTokens));
                weights[domain] = st.Weight;
            }
        }
        else if (haveLedger)
        {
            try { tokens = LedgerFacts.TrainTokensPerDomain(ledger!).Select(kv => (kv.Key, kv.Value)).OrderBy(t => t.Key, StringComparer.Ordinal).ToList(); }
            catch (Provenance.LedgerException) { }
        }

        var mixture = new List<MixtureRecommendation>();
        var outDir = context.OutputPath(options.Output);
        Directory.CreateDirectory(outDir);
        if (perplexity?["domains"]?.AsArray() is { Count: > 0 } rows && tokens.Count > 0)
        {
            var loss = rows.ToDictionary(r => (string)r!["domain"]!, r => Dbl(r!["bits_per_byte"]) is var b && double.IsFinite(b) ? b : Dbl(r!["loss"]), StringComparer.Ordinal);
            var heldOut = rows.ToDictionary(r => (string)r!["domain"]!, r => (long)Dbl(r!["tokens"]), StringComparer.Ordinal);
            mixture = MixtureRecommender.Recommend(loss, tokens.ToDictionary(t => t.Item1, t => t.Item2, StringComparer.Ordinal), weights, heldOut);
            if (options.Mixture && mixture.Count > 0)
            {
                var w = new JsonObject();
                foreach (var m in mixture) w[m.Domain] = m.NextWeight;
                var warnings = new JsonObject();
                foreach (var m in mixture.Where(m => m.Warning is not null)) warnings[m.Domain] = m.Warning;
                AuditResults.WriteJson(Path.Combine(outDir, "next_mixture.json"), new JsonObject { ["weights"] = w, ["warnings"] = warnings, ["rule"] = MixtureRecommender.Rule });
            }
        }

        var own = new Dictionary<string, double>(StringComparer.Ordinal);
        if (funnel.Count > 0)
        {
            own["documents_entered"] = funnel[0].Item2;
            own["documents_kept"] = funnel[^1].Item2;
        }
        if (tokens.Count > 0) own["train_tokens"] = tokens.Sum(t => t.Item2);
        var partPath = AuditResults.WriteStep(context.Run.OutputDirectory, context.Run.RunId, context.StepId, "report", new JsonObject { ["report"] = Path.Combine(outDir, "report.html") }, own);

        var results = AuditResults.Read(context.Run.OutputDirectory);
        var data = new ReportData
        {
            Title = options.Title ?? $"Audit report: {context.Run.DagName}",
            Metrics = metrics,
            Stability = stability,
            Spikes = spikes,
            Perplexity = perplexity,
            Probes = probes,
            Funnel = funnel,
            FunnelSource = funnelSource,
            TokensPerDomain = tokens,
            Licences = licences,
            Mixture = mixture,
            Results = results,
            Notes = notes,
            Gates = AuditModule.Evaluate(context.Run.FailOn, results, AuditResults.ResultsPath(context.Run.OutputDirectory)),
        };
        var (html, md) = ReportBuilder.Build(data);
        Write(Path.Combine(outDir, "report.html"), html);
        Write(Path.Combine(outDir, "report.md"), md);
        foreach (var m in mixture) context.Ledger.Write(new AuditRecord("", "mixture", m.Domain, "next_weight", m.NextWeight, MixtureRecommender.Rule));
        context.Log.Info($"[{context.StepId}] report: {Path.Combine(outDir, "report.html")}");
        var artifacts = new List<Artifact> { new("report", Path.Combine(outDir, "report.html"), new Dictionary<string, string> { ["markdown"] = Path.Combine(outDir, "report.md"), ["results"] = partPath }) };
        if (options.Mixture && mixture.Count > 0) artifacts.Add(new Artifact("mixture", Path.Combine(outDir, "next_mixture.json")));
        return artifacts;
    }

    internal static List<(string, long)> StatsFunnel(string statsPath)
    {
        var result = new List<(string, long)>();
        if (!File.Exists(statsPath)) return result;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(statsPath));
            long entered = 0;
            var stages = new List<(string, long)>();
            foreach (var s in doc.RootElement.GetProperty("steps").EnumerateArray())
            {
                long dropped = s.GetProperty("dropped").GetInt64() + s.GetProperty("errors").GetInt64();
                // a source's documents entered the run; its drops are records skipped before they became documents
                if (s.TryGetProperty("kind", out var kind) && kind.GetString() == "source") entered += s.GetProperty("out").GetInt64();
                else if (dropped > 0) stages.Add(($"after {s.GetProperty("id").GetString()}", dropped));
            }
            if (entered == 0) return result;
            result.Add(("entered", entered));
            long left = entered;
            foreach (var (name, dropped) in stages) result.Add((name, left -= dropped));
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException) { result.Clear(); }
        return result;
    }

    private static void Write(string path, string text)
    {
        using var f = new AtomicFile(path);
        f.Stream.Write(Encoding.UTF8.GetBytes(text));
        f.Commit();
    }

    private static double Dbl(JsonNode? n) => n is JsonValue v
        ? v.TryGetValue<double>(out var d) ? d : v.TryGetValue<string>(out var s) && double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out d) ? d : double.NaN
        : double.NaN;
}
