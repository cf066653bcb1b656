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
        new("classifier train", "Train the toxicity classifier (hashed n-gram logistic regression) from a CSV",
            "classifier train --data CSV --text-column C --label-column L [--positive 0,1] --output model.bin\n" +
            "  [--held-out 0.2] [--bits 18] [--epochs 6] [--seed 17]\n" +
            "  Rows whose text hashes into the held-out fraction are left out of training (use --held-out 0 to train on all).",
            JsonFlag, TrainAsync),
        new("classifier eval", "Precision/recall/F1/ROC AUC of a classifier and of a lexicon on the held-out split",
            "classifier eval --model model.bin --data CSV --text-column C --label-column L [--positive 0,1]\n" +
            "  [--held-out 0.2] [--threshold 0.5] [--lexicon FILE ...] [--severity CSV] [--json]",
            JsonFlag, EvalAsync),
        new("pii eval", "Per-type precision/recall/F1 of the PII detector on a labelled JSON file",
            "pii eval --data FILE [--json] [--errors]\n  --errors lists every false positive and miss with its context.\n  FILE: an array of {full_text, spans: [{entity_type, start_position, end_position}]}",
            PiiFlags, PiiEvalAsync),
    ];

    private static List<LabelledText> ReadData(CliArgs args)
    {
        var data = args.Require("data");
        var text = args.Require("text-column");
        var label = args.Require("label-column");
        var positive = (args.Get("positive") ?? "1").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        try
        {
            return LabelledText.ReadCsv(data, text, label, positive);
        }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
        {
            throw new UsageException(ex.Message, ex);
        }
    }

    private static Task<int> TrainAsync(CliArgs args, CommandContext ctx)
    {
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

    private static Task<int> EvalAsync(CliArgs args, CommandContext ctx)
    {
        var modelPath = args.Require("model");
        var rows = ReadData(args);
        double heldOut = args.GetDouble("held-out", 0.2);
        double threshold = args.GetDouble("threshold", 0.5);
        var lexicons = args.GetAll("lexicon");
        var severity = args.Get("severity");
        bool json = args.Has("json");
        args.RejectUnknown();
        LinearTextClassifier model;
        try { model = LinearTextClassifier.Load(modelPath); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
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
        args.RejectUnknown();
        IReadOnlyList<DetectionScore> scores;
        var errors = showErrors ? new List<PiiEvaluationError>() : null;
        try { scores = PiiEvaluation.Evaluate(data, null, errors); }
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
}
