using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Filters.Pii;
using Pipeline.Filters.Toxicity;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Filters: classifier train/eval, pii eval.</summary>
internal static class FiltersCommands
{
    private static readonly HashSet<string> JsonFlag = ["json"];
    private static readonly HashSet<string> PiiFlags = ["json", "errors"];

    public static IEnumerable<CliCommand> All() =>
    [
        new("classifier train", "Train the toxicity classifier (hashed n-gram logistic regression) from a training spec or one CSV",
            "classifier train --spec SPEC.json --output model.bin [--json]\n" +
            "  SPEC: sources (CSV, columns, positive labels or positive_min, weight share, balance), word lists used as\n" +
            "  features, held_out fraction, threshold_source (its held-out split picks the threshold), optimiser settings;\n" +
            "  prints held-out figures per source at the chosen threshold. The built-in model: models/toxicity/train.json.\n" +
            "classifier train --data CSV --text-column C --label-column L [--positive 0,1] [--positive-min X] [--delimiter ,]\n" +
            "  --output model.bin [--held-out 0.2] [--bits 18] [--epochs 6] [--seed 17]\n" +
            "  Rows whose text hashes into the held-out fraction are left out of training (use --held-out 0 to train on all).",
            JsonFlag, TrainAsync),
        new("classifier eval", "Precision/recall/F1/ROC AUC of a classifier (default: the built-in one) and of a lexicon on held-out splits",
            "classifier eval [--model model.bin] --spec SPEC.json [--threshold T] [--json]\n" +
            "classifier eval [--model model.bin] --data CSV --text-column C --label-column L [--positive 0,1] [--positive-min X]\n" +
            "  [--delimiter ,] [--held-out 0.2] [--threshold T] [--lexicon FILE ...] [--severity CSV] [--json]\n" +
            "  The threshold defaults to the model's own (chosen on held-out data when it was trained).",
            JsonFlag, EvalAsync),
        new("pii eval", "Per-type precision/recall/F1 of the PII detector on a labelled JSON file",
            "pii eval --data FILE [--types T,T] [--split all|train|held-out] [--model pii-entities.bin] [--json] [--errors]\n" +
            "  --types: default the rule-based types; PERSON and STREET_ADDRESS (opt-in) use the entity model (default built-in).\n" +
            "  --split: records by template, as `pii train` splits them (held-out = never trained on).\n" +
            "  --errors lists every false positive and miss with its context.\n  FILE: an array of {full_text, spans: [{entity_type, start_position, end_position}]}",
            PiiFlags, PiiEvalAsync),
        new("pii train", "Train the PERSON / STREET_ADDRESS entity model on labelled PII sets (templates held out for figures)",
            "pii train --data FILE [--data FILE ...] --output pii-entities.bin [--json]\n" +
            "  FILE: presidio-style JSON (full_text, spans, template_id); 20% of templates are held out and scored.",
            JsonFlag, PiiTrainAsync),
    ];

    private static List<LabelledText> ReadData(CliArgs args)
    {
        var data = args.Require("data");
        var text = args.Require("text-column");
        var label = args.Require("label-column");
        var positive = (args.Get("positive") ?? "1").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var delimiter = args.Get("delimiter") ?? ",";
        if (delimiter.Length != 1) throw new UsageException($"--delimiter must be one character, got '{delimiter}'");
        double? positiveMin = args.Get("positive-min") is null ? null : args.GetDouble("positive-min", 0.5);
        try
        {
            return LabelledText.ReadCsv(data, text, label, positive, delimiter[0], positiveMin);
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    private static ToxicityTrainingSpec ReadSpec(string path)
    {
        try { return ToxicityTrainingSpec.Load(path); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
    }

    private static Task<int> TrainSpecAsync(string specPath, CliArgs args, CommandContext ctx)
    {
        var output = args.Require("output");
        bool json = args.Has("json");
        args.RejectUnknown();
        var spec = ReadSpec(specPath);
        var started = DateTime.UtcNow;
        ToxicityTrainingResult result;
        try { result = ToxicityTrainer.Train(spec); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
        result.Model.Save(output);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        WriteSources(ctx, result.Model, result.Sources, json, new JsonObject { ["output"] = output, ["seconds"] = Math.Round(seconds, 2) });
        if (!json) ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:F1}s -> {output} ({new FileInfo(output).Length} bytes)"));
        return Task.FromResult(0);
    }

    private static void WriteSources(CommandContext ctx, LinearTextClassifier model, IReadOnlyList<ToxicitySourceMetrics> sources, bool json, JsonObject? extra = null)
    {
        if (json)
        {
            var o = extra ?? new JsonObject();
            o["threshold"] = Math.Round(model.Threshold, 4);
            var per = new JsonObject();
            foreach (var s in sources)
            {
                var m = ToJson(s.HeldOut);
                m["train_rows"] = s.TrainRows;
                per[s.Name] = m;
            }
            o["held_out"] = per;
            ctx.Out.WriteLine(o.ToJsonString());
            return;
        }
        ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"threshold {model.Threshold:F4}"));
        foreach (var s in sources)
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{Line(s.Name, s.HeldOut)}  (held-out {s.HeldOutRows} rows, {s.HeldOut.Positives} positive; trained on {s.TrainRows})"));
    }

    private static Task<int> TrainAsync(CliArgs args, CommandContext ctx)
    {
        if (args.Get("spec") is { } specPath) return TrainSpecAsync(specPath, args, ctx);
        var rows = ReadData(args);
        var output = args.Require("output");
        double heldOut = args.GetDouble("held-out", 0.2);
        int bits = args.GetInt("bits", 18);
        int epochs = args.GetInt("epochs", 6);
        int seed = args.GetInt("seed", 17);
        bool json = args.Has("json");
        args.RejectUnknown();
        if (heldOut is < 0 or >= 1) throw new UsageException($"--held-out must be in [0, 1), got {heldOut}");
        if (bits is < 10 or > 26) throw new UsageException($"--bits must be between 10 and 26, got {bits}");
        var (train, test) = ToxicityEvaluation.Split(rows, heldOut);
        var started = DateTime.UtcNow;
        var model = LinearTextClassifier.Train(train, bits, epochs, seed: seed);
        model.Save(output);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        if (json)
            ctx.Out.WriteLine(new JsonObject { ["output"] = output, ["train_rows"] = train.Count, ["held_out_rows"] = test.Count, ["seconds"] = Math.Round(seconds, 2) }.ToJsonString());
        else
            ctx.Out.WriteLine($"trained on {train.Count} rows ({train.Count(r => r.Positive)} positive), held out {test.Count}, {seconds:F1}s -> {output}");
        if (test.Count > 0 && !json)
        {
            var m = ToxicityEvaluation.Classifier(model, test);
            ctx.Out.WriteLine(Line("held-out", m));
        }
        return Task.FromResult(0);
    }

    private static LinearTextClassifier LoadModel(string? path)
    {
        try { return path is null ? LinearTextClassifier.Default : LinearTextClassifier.Load(path); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
    }

    private static Task<int> EvalAsync(CliArgs args, CommandContext ctx)
    {
        var modelPath = args.Get("model");
        if (args.Get("spec") is { } specPath)
        {
            bool asJson = args.Has("json");
            var t = args.Get("threshold") is null ? (double?)null : args.GetDouble("threshold", 0.5);
            args.RejectUnknown();
            var spec = ReadSpec(specPath);
            var m = LoadModel(modelPath);
            if (t is double given) m = m.WithThreshold(given);
            IReadOnlyList<ToxicitySourceMetrics> sources;
            try { sources = ToxicityTrainer.Evaluate(spec, m); }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
            WriteSources(ctx, m, sources, asJson);
            return Task.FromResult(0);
        }
        var rows = ReadData(args);
        double heldOut = args.GetDouble("held-out", 0.2);
        var model = LoadModel(modelPath);
        double threshold = args.Get("threshold") is null ? model.Threshold : args.GetDouble("threshold", 0.5);
        var lexicons = args.GetAll("lexicon");
        var severity = args.Get("severity");
        bool json = args.Has("json");
        args.RejectUnknown();
        var (_, test) = ToxicityEvaluation.Split(rows, heldOut);
        if (test.Count == 0) throw new UsageException("the held-out split is empty; raise --held-out");
        var results = new JsonObject { ["held_out_rows"] = test.Count, ["classifier"] = ToJson(ToxicityEvaluation.Classifier(model, test, threshold)) };
        if (!json) ctx.Out.WriteLine($"held-out rows: {test.Count} ({test.Count(t => t.Positive)} positive)");
        if (!json) ctx.Out.WriteLine(Line("classifier", ToxicityEvaluation.Classifier(model, test, threshold)));
        if (lexicons.Count > 0)
        {
            var weights = severity is null ? null : ToxicityLexicon.ReadWeights(severity);
            var lexicon = new ToxicityLexicon(lexicons.SelectMany(ToxicityLexicon.ReadTerms), weights);
            var m = ToxicityEvaluation.Lexicon(lexicon, test);
            results["lexicon"] = ToJson(m);
            if (!json) ctx.Out.WriteLine(Line("lexicon", m));
        }
        if (json) ctx.Out.WriteLine(results.ToJsonString());
        return Task.FromResult(0);
    }

    private static string Line(string name, BinaryMetrics m) => string.Create(CultureInfo.InvariantCulture,
        $"{name,-11} precision {m.Precision:F4}  recall {m.Recall:F4}  f1 {m.F1:F4}  roc_auc {m.RocAuc:F4}  accuracy {m.Accuracy:F4}");

    private static JsonObject ToJson(BinaryMetrics m) => new()
    {
        ["precision"] = Math.Round(m.Precision, 4), ["recall"] = Math.Round(m.Recall, 4), ["f1"] = Math.Round(m.F1, 4),
        ["roc_auc"] = Math.Round(m.RocAuc, 4), ["accuracy"] = Math.Round(m.Accuracy, 4), ["count"] = m.Count, ["positives"] = m.Positives,
    };

    private static Task<int> PiiEvalAsync(CliArgs args, CommandContext ctx)
    {
        var data = args.Require("data");
        bool json = args.Has("json");
        bool showErrors = args.Has("errors");
        var types = args.Get("types")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var split = (args.Get("split") ?? "all") switch
        {
            "all" => PiiSplit.All,
            "train" => PiiSplit.Train,
            "held-out" => PiiSplit.HeldOut,
            var other => throw new UsageException($"--split must be all, train or held-out, got '{other}'"),
        };
        var modelPath = args.Get("model");
        args.RejectUnknown();
        IReadOnlyList<DetectionScore> scores;
        var errors = showErrors ? new List<PiiEvaluationError>() : null;
        PiiDetector detector;
        try { detector = new PiiDetector(types, modelPath is null ? null : PiiEntityModel.Load(modelPath)); }
        catch (ArgumentException ex) { throw new UsageException(ex.Message, ex); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
        try { scores = PiiEvaluation.Evaluate(data, detector, errors, split); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or IOException) { throw new UsageException(ex.Message, ex); }
        if (json)
        {
            var o = new JsonObject();
            foreach (var s in scores)
                o[s.Type] = new JsonObject { ["precision"] = Math.Round(s.Precision, 4), ["recall"] = Math.Round(s.Recall, 4), ["f1"] = Math.Round(s.F1, 4), ["support"] = s.Support, ["tp"] = s.TruePositives, ["fp"] = s.FalsePositives, ["fn"] = s.FalseNegatives };
            ctx.Out.WriteLine(o.ToJsonString());
            return Task.FromResult(0);
        }
        ctx.Out.WriteLine($"{"type",-16} {"support",7} {"tp",5} {"fp",5} {"fn",5} {"precision",9} {"recall",7} {"f1",7}");
        foreach (var s in scores)
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Type,-16} {s.Support,7} {s.TruePositives,5} {s.FalsePositives,5} {s.FalseNegatives,5} {s.Precision,9:F4} {s.Recall,7:F4} {s.F1,7:F4}"));
        foreach (var e in errors ?? [])
            ctx.Out.WriteLine($"{(e.Missed ? "missed" : "false+")} {e.Type} record {e.Record}: '{e.Value}' in '{e.Context}'");
        return Task.FromResult(0);
    }

    private static Task<int> PiiTrainAsync(CliArgs args, CommandContext ctx)
    {
        var data = args.GetAll("data");
        if (data.Count == 0) throw new UsageException("give at least one --data FILE");
        var output = args.Require("output");
        bool json = args.Has("json");
        args.RejectUnknown();
        var started = DateTime.UtcNow;
        PiiEntityModel model;
        try { model = PiiEntityModel.Train(data); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException or IOException) { throw new UsageException(ex.Message, ex); }
        model.Save(output);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        var detector = new PiiDetector(PiiEntityTypes.OptIn, model);
        var result = new JsonObject { ["output"] = output, ["seconds"] = Math.Round(seconds, 2) };
        foreach (var file in data)
        {
            var scores = PiiEvaluation.Evaluate(file, detector, null, PiiSplit.HeldOut);
            var o = new JsonObject();
            foreach (var s in scores)
            {
                o[s.Type] = new JsonObject { ["precision"] = Math.Round(s.Precision, 4), ["recall"] = Math.Round(s.Recall, 4), ["f1"] = Math.Round(s.F1, 4), ["support"] = s.Support };
                if (!json) ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"held-out {Path.GetFileName(file)} {s.Type,-15} support {s.Support,5}  precision {s.Precision:F4}  recall {s.Recall:F4}  f1 {s.F1:F4}"));
            }
            result[Path.GetFileName(file)] = o;
        }
        if (json) ctx.Out.WriteLine(result.ToJsonString());
        else ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:F1}s -> {output} ({new FileInfo(output).Length} bytes)"));
        return Task.FromResult(0);
    }
}
