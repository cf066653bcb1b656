using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using Pipeline.Filters.Pii;
using Pipeline.Filters.Toxicity;

namespace Pipeline.Cli.Commands;

/// <summary>`pipeline` sub-commands backed by Pipeline.Filters: classifier train/eval, pii eval.</summary>
internal static class FiltersCommands
{
    public static IEnumerable<Command> All() =>
    [
        new CliCommand("classifier", "Train and evaluate the toxicity classifier") { ClassifierTrain(), ClassifierEval() },
        new CliCommand("pii", "Evaluate and train the PII detector") { PiiEval(), PiiTrain() },
    ];

    /// <summary>The options of a labelled CSV (--data and its columns), shared by classifier train and eval.</summary>
    private sealed class CsvOptions
    {
        public Option<string?> Data { get; } = CliOptions.Value<string?>("--data", "CSV", "A labelled CSV file");
        public Option<string?> TextColumn { get; } = CliOptions.Value<string?>("--text-column", "C", "The text column of --data");
        public Option<string?> LabelColumn { get; } = CliOptions.Value<string?>("--label-column", "L", "The label column of --data");
        public Option<string> Positive { get; } = CliOptions.Value("--positive", "V,V", "Label values that count as positive", "1");
        public Option<double?> PositiveMin { get; } = CliOptions.Value<double?>("--positive-min", "X", "A numeric label at least X is positive");
        public Option<string> Delimiter { get; } = CliOptions.Value("--delimiter", "CHAR", "The CSV delimiter", ",");
        public Option<double> HeldOut { get; } = CliOptions.Value("--held-out", "F", "Fraction of rows (by text hash) held out of training and scored", 0.2);

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { Data, TextColumn, LabelColumn, Positive, PositiveMin, Delimiter, HeldOut }) c.Add(o);
        }

        public List<LabelledText> Read(ParseResult r)
        {
            var data = r.GetValue(Data) ?? throw new UsageException("option --data is required (or --spec SPEC.json)");
            var text = r.GetValue(TextColumn) ?? throw new UsageException("option --text-column is required");
            var label = r.GetValue(LabelColumn) ?? throw new UsageException("option --label-column is required");
            var positive = r.GetValue(Positive)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var delimiter = r.GetValue(Delimiter)!;
            if (delimiter.Length != 1) throw new UsageException($"--delimiter must be one character, got '{delimiter}'");
            try
            {
                return LabelledText.ReadCsv(data, text, label, positive, delimiter[0], r.GetValue(PositiveMin));
            }
            catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException)
            {
                throw new UsageException(ex.Message, ex);
            }
        }
    }

    private static CliCommand ClassifierTrain()
    {
        var spec = CliOptions.Value<string?>("--spec", "SPEC.json", "A training spec: sources (CSV, columns, positive labels or positive_min, weight share, balance), word lists used as features, " +
            "held_out fraction, threshold_source (its held-out split picks the threshold, or with threshold_folds k-fold cross-validation on its training rows), " +
            "naive_bayes, optimiser settings. The built-in model: models/toxicity/train.json");
        var csv = new CsvOptions();
        var output = new Option<string>("--output") { Description = "The model file to write", HelpName = "model.bin", Required = true };
        var bits = CliOptions.Value("--bits", "N", "Hashed feature bits (10..26), with --data", 18);
        var epochs = CliOptions.Value("--epochs", "N", "Training epochs, with --data", 6);
        var seed = CliOptions.Value("--seed", "S", "Seed, with --data", 17);
        var json = CliOptions.Flag("--json", "Print JSON");
        var command = new CliCommand("train", "Train the toxicity classifier (hashed n-gram logistic regression) from a training spec or one CSV; " +
            "prints held-out figures. With --data, rows whose text hashes into the held-out fraction are left out of training (--held-out 0 trains on all)")
        {
            spec, output, bits, epochs, seed, json,
        };
        csv.AddTo(command);
        return command.Handle((r, ctx) => r.GetValue(spec) is { } specPath
            ? TrainSpec(specPath, r.GetValue(output)!, r.GetValue(json), ctx)
            : Train(csv.Read(r), r.GetValue(output)!, r.GetValue(csv.HeldOut), r.GetValue(bits), r.GetValue(epochs), r.GetValue(seed), r.GetValue(json), ctx));
    }

    private static CliCommand ClassifierEval()
    {
        var model = CliOptions.Value<string?>("--model", "model.bin", "The classifier to score (default: the built-in one)");
        var spec = CliOptions.Value<string?>("--spec", "SPEC.json", "Score on the held-out splits of a training spec's sources");
        var csv = new CsvOptions();
        var threshold = CliOptions.Value<double?>("--threshold", "T", "Decision threshold (default: the model's own, chosen on held-out data when it was trained)");
        var lexicon = CliOptions.Many("--lexicon", "FILE", "Also score a word-list baseline (repeatable), with --data");
        var severity = CliOptions.Value<string?>("--severity", "CSV", "Severity weights of the lexicon terms, with --data");
        var json = CliOptions.Flag("--json", "Print JSON");
        var command = new CliCommand("eval", "Precision/recall/F1/ROC AUC of a classifier (default: the built-in one) and of a lexicon on held-out splits")
        {
            model, spec, threshold, lexicon, severity, json,
        };
        csv.AddTo(command);
        return command.Handle((r, ctx) =>
        {
            var m = LoadModel(r.GetValue(model));
            if (r.GetValue(threshold) is double t) m = m.WithThreshold(t);
            if (r.GetValue(spec) is { } specPath)
            {
                var sp = ReadSpec(specPath);
                IReadOnlyList<ToxicitySourceMetrics> sources;
                try { sources = ToxicityTrainer.Evaluate(sp, m); }
                catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
                WriteSources(ctx, m, sources, r.GetValue(json));
                return 0;
            }
            return Eval(csv.Read(r), r.GetValue(csv.HeldOut), m, r.GetValue(lexicon) ?? [], r.GetValue(severity), r.GetValue(json), ctx);
        });
    }

    private static CliCommand PiiEval()
    {
        var data = new Option<string>("--data") { Description = "An array of {full_text, spans: [{entity_type, start_position, end_position}]}", HelpName = "FILE", Required = true };
        var types = CliOptions.Value<string?>("--types", "T,T", "Entity types (default the rule-based ones; PERSON and STREET_ADDRESS, opt-in, use the entity model)");
        var split = CliOptions.Value("--split", "all|train|held-out", "Records by template, as `pii train` splits them (held-out = never trained on)", "all");
        var model = CliOptions.Value<string?>("--model", "pii-entities.bin", "The entity model (default built-in)");
        var json = CliOptions.Flag("--json", "Print JSON");
        var errors = CliOptions.Flag("--errors", "List every false positive and miss with its context");
        return new CliCommand("eval", "Per-type precision/recall/F1 of the PII detector on a labelled JSON file") { data, types, split, model, json, errors }
            .Handle((r, ctx) => PiiEval(r.GetValue(data)!, r.GetValue(types), r.GetValue(split)!, r.GetValue(model), r.GetValue(json), r.GetValue(errors), ctx));
    }

    private static CliCommand PiiTrain()
    {
        var data = new Option<string[]>("--data") { Description = "Presidio-style JSON (full_text, spans, template_id); repeatable", HelpName = "FILE", Arity = ArgumentArity.OneOrMore, Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "Unlabelled text for the words' case profile (plain text, or JSON lines with a \"text\" field); repeatable", HelpName = "FILE", Arity = ArgumentArity.OneOrMore };
        var output = new Option<string>("--output") { Description = "The model file to write", HelpName = "pii-entities.bin", Required = true };
        var folds = CliOptions.Value("--folds", "N", "Also cross-validate by template: N models, each with another 1/N of the templates held out, scores summed (0 = off)", 0);
        var json = CliOptions.Flag("--json", "Print JSON");
        var errors = CliOptions.Flag("--errors", "With --folds: list every cross-validation false positive and miss with its context");
        return new CliCommand("train", "Train the PERSON / STREET_ADDRESS entity model on labelled PII sets (20% of templates held out and scored)") { data, corpus, output, folds, json, errors }
            .Handle((r, ctx) => PiiTrain(r.GetValue(data)!, r.GetValue(corpus) ?? [], r.GetValue(output)!, r.GetValue(folds), r.GetValue(json), r.GetValue(errors), ctx));
    }

    private static ToxicityTrainingSpec ReadSpec(string path)
    {
        try { return ToxicityTrainingSpec.Load(path); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
    }

    private static int TrainSpec(string specPath, string output, bool json, CommandContext ctx)
    {
        var spec = ReadSpec(specPath);
        var started = DateTime.UtcNow;
        ToxicityTrainingResult result;
        try { result = ToxicityTrainer.Train(spec); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
        result.Model.Save(output);
        var seconds = (DateTime.UtcNow - started).TotalSeconds;
        WriteSources(ctx, result.Model, result.Sources, json, new JsonObject { ["output"] = output, ["seconds"] = Math.Round(seconds, 2) });
        if (!json) ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:F1}s -> {output} ({new FileInfo(output).Length} bytes)"));
        return 0;
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
            ctx.Out.WriteLine(s.HeldOut.Positives == 0 && s.HeldOutRows > 0
                // a source of negatives only (e.g. neutral sentences): precision, recall and F1 mean nothing, the share kept does
                ? string.Create(CultureInfo.InvariantCulture, $"{s.Name,-11} kept {s.HeldOut.Accuracy:F4} (no positives)  (held-out {s.HeldOutRows} rows; trained on {s.TrainRows})")
                : string.Create(CultureInfo.InvariantCulture, $"{Line(s.Name, s.HeldOut)}  (held-out {s.HeldOutRows} rows, {s.HeldOut.Positives} positive; trained on {s.TrainRows})"));
    }

    private static int Train(List<LabelledText> rows, string output, double heldOut, int bits, int epochs, int seed, bool json, CommandContext ctx)
    {
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
        return 0;
    }

    private static LinearTextClassifier LoadModel(string? path)
    {
        try { return path is null ? LinearTextClassifier.Default : LinearTextClassifier.Load(path); }
        catch (Exception ex) when (ex is InvalidDataException or FileNotFoundException) { throw new UsageException(ex.Message, ex); }
    }

    private static int Eval(List<LabelledText> rows, double heldOut, LinearTextClassifier model, string[] lexicons, string? severity, bool json, CommandContext ctx)
    {
        double threshold = model.Threshold;
        var (_, test) = ToxicityEvaluation.Split(rows, heldOut);
        if (test.Count == 0) throw new UsageException("the held-out split is empty; raise --held-out");
        var results = new JsonObject { ["held_out_rows"] = test.Count, ["classifier"] = ToJson(ToxicityEvaluation.Classifier(model, test, threshold)) };
        if (!json) ctx.Out.WriteLine($"held-out rows: {test.Count} ({test.Count(t => t.Positive)} positive)");
        if (!json) ctx.Out.WriteLine(Line("classifier", ToxicityEvaluation.Classifier(model, test, threshold)));
        if (lexicons.Length > 0)
        {
            var weights = severity is null ? null : ToxicityLexicon.ReadWeights(severity);
            var lexicon = new ToxicityLexicon(lexicons.SelectMany(ToxicityLexicon.ReadTerms), weights);
            var m = ToxicityEvaluation.Lexicon(lexicon, test);
            results["lexicon"] = ToJson(m);
            if (!json) ctx.Out.WriteLine(Line("lexicon", m));
        }
        if (json) ctx.Out.WriteLine(results.ToJsonString());
        return 0;
    }

    private static string Line(string name, BinaryMetrics m) => string.Create(CultureInfo.InvariantCulture,
        $"{name,-11} precision {m.Precision:F4}  recall {m.Recall:F4}  f1 {m.F1:F4}  roc_auc {m.RocAuc:F4}  accuracy {m.Accuracy:F4}");

    private static JsonObject ToJson(BinaryMetrics m) => new()
    {
        ["precision"] = Math.Round(m.Precision, 4), ["recall"] = Math.Round(m.Recall, 4), ["f1"] = Math.Round(m.F1, 4),
        ["roc_auc"] = Math.Round(m.RocAuc, 4), ["accuracy"] = Math.Round(m.Accuracy, 4), ["count"] = m.Count, ["positives"] = m.Positives,
    };

    private static int PiiEval(string data, string? typeList, string splitName, string? modelPath, bool json, bool showErrors, CommandContext ctx)
    {
        var types = typeList?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var split = splitName switch
        {
            "all" => PiiSplit.All,
            "train" => PiiSplit.Train,
            "held-out" => PiiSplit.HeldOut,
            var other => throw new UsageException($"--split must be all, train or held-out, got '{other}'"),
        };
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
            return 0;
        }
        ctx.Out.WriteLine($"{"type",-16} {"support",7} {"tp",5} {"fp",5} {"fn",5} {"precision",9} {"recall",7} {"f1",7}");
        foreach (var s in scores)
            ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Type,-16} {s.Support,7} {s.TruePositives,5} {s.FalsePositives,5} {s.FalseNegatives,5} {s.Precision,9:F4} {s.Recall,7:F4} {s.F1,7:F4}"));
        WriteErrors(errors, ctx);
        return 0;
    }

    private static void WriteErrors(IEnumerable<PiiEvaluationError>? errors, CommandContext ctx)
    {
        foreach (var e in errors ?? [])
            ctx.Out.WriteLine($"{(e.Missed ? "missed" : "false+")} {e.Type} record {e.Record}: '{e.Value}' in '{e.Context}'");
    }

    private static int PiiTrain(string[] data, string[] corpus, string output, int folds, bool json, bool showErrors, CommandContext ctx)
    {
        if (folds != 0 && folds is < 2 or > 20) throw new UsageException($"--folds must be 0 (off) or 2 to 20, got {folds}");
        var started = DateTime.UtcNow;
        PiiEntityModel model;
        try { model = PiiEntityModel.Train(data, corpus); }
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
            if (folds == 0) continue;
            var cv = new JsonObject();
            var perFold = new JsonArray();
            void Fold(int f, IReadOnlyList<DetectionScore> scores)
            {
                var row = new JsonObject { ["fold"] = f };
                foreach (var s in scores) row[s.Type] = new JsonObject { ["f1"] = Math.Round(s.F1, 4), ["support"] = s.Support };
                perFold.Add(row);
                if (!json) ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"fold {f + 1}/{folds} {Path.GetFileName(file)} ") + string.Join("  ", scores.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Type} f1 {s.F1:F4} ({s.Support})"))));
            }
            var errors = showErrors && !json ? new List<PiiEvaluationError>() : null;
            foreach (var s in PiiEntityModel.CrossValidate(data, corpus, file, folds, Fold, errors))
            {
                cv[s.Type] = new JsonObject { ["precision"] = Math.Round(s.Precision, 4), ["recall"] = Math.Round(s.Recall, 4), ["f1"] = Math.Round(s.F1, 4), ["support"] = s.Support };
                if (!json) ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{folds}-fold {Path.GetFileName(file)} {s.Type,-15} support {s.Support,5}  precision {s.Precision:F4}  recall {s.Recall:F4}  f1 {s.F1:F4}"));
            }
            WriteErrors(errors, ctx);
            cv["per_fold"] = perFold;
            result[$"{Path.GetFileName(file)} {folds}-fold"] = cv;
        }
        if (json) ctx.Out.WriteLine(result.ToJsonString());
        else ctx.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{seconds:F1}s -> {output} ({new FileInfo(output).Length} bytes)"));
        return 0;
    }
}
