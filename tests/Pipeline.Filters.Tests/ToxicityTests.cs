using System.Diagnostics;
using Pipeline.Core.Steps;
using Pipeline.Filters.Toxicity;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Filters.Tests;

[Collection(SerialCollection.Name)]
public sealed class ToxicityTests
{
    [Fact]
    public void Lexicon_WholeWordsAndPhrases_Matched()
    {
        var lex = new ToxicityLexicon(["darn", "dang it", "h@ck", "# comment"]);
        Assert.Equal(2, lex.Count);
        Assert.Equal(1, lex.Match("Darn! That is bad.").Hits);
        Assert.Equal(0, lex.Match("darned and undarn are not whole-word matches").Hits);
        Assert.Equal(1, lex.Match("oh DANG IT, again").Hits);
        Assert.Equal(0, lex.Match("dang").Hits);
    }

    [Fact]
    public void Lexicon_CjkTerms_MatchCharacterSequences()
    {
        var lex = new ToxicityLexicon(["坏蛋"]);
        Assert.Equal(1, lex.Match("你是坏蛋吗").Hits);
        Assert.Equal(0, lex.Match("你是坏人吗").Hits);
    }

    [Fact]
    public void Filter_LexiconCountThreshold_Boundary()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("en"), ["darn", "heck"]);
        File.WriteAllText(dir.File("sev.csv"), "text,severity_rating\nheck,2\n");
        var step = new ToxicityFilter(new ToxicityOptions { LexiconDir = dir.Path, MaxWeightedHits = 3, MaxHitRatio = 0, SeverityFile = dir.File("sev.csv") });
        var filler = string.Join(" ", Enumerable.Repeat("word", 100));
        var kept = Docs.Run(step, "darn darn " + filler); // weight 2
        Assert.Equal(OutcomeAction.Kept, kept.Action);
        Assert.Equal(2, kept.Document.Meta.GetLong("toxicity_hits"));
        var dropped = Docs.Run(step, "darn heck " + filler); // 1 + 2 = 3
        Assert.Equal("toxicity:lexicon_count", dropped.Reason);
    }

    [Fact]
    public void Filter_LexiconRatioThreshold_Boundary()
    {
        using var dir = new TempDir();
        File.WriteAllLines(dir.File("list.txt"), ["darn"]);
        var step = new ToxicityFilter(new ToxicityOptions { LexiconFiles = [dir.File("list.txt")], MaxWeightedHits = 100, MaxHitRatio = 0.01 });
        Assert.Equal(OutcomeAction.Kept, Docs.Run(step, "darn " + string.Join(" ", Enumerable.Repeat("word", 100))).Action); // 1/101
        Assert.Equal("toxicity:lexicon_ratio", Docs.Run(step, "darn " + string.Join(" ", Enumerable.Repeat("word", 99))).Reason); // 1/100
    }

    [Fact]
    public void Classifier_TrainSaveLoad_ScoresAndThreshold()
    {
        using var dir = new TempDir();
        var data = new List<LabelledText>();
        for (int i = 0; i < 200; i++)
        {
            data.Add(new LabelledText($"you are a nasty rotten creep number {i}", true));
            data.Add(new LabelledText($"what a lovely sunny garden number {i}", false));
        }
        var model = LinearTextClassifier.Train(data, bits: 14, epochs: 3);
        model.Save(dir.File("m.bin"));
        var loaded = LinearTextClassifier.Load(dir.File("m.bin"));
        Assert.Equal(model.Score("nasty rotten creep"), loaded.Score("nasty rotten creep"), 9);
        Assert.True(loaded.Score("a nasty rotten creep") > 0.9);
        Assert.True(loaded.Score("a lovely sunny garden") < 0.1);
        var step = new ToxicityFilter(new ToxicityOptions { Mode = "classifier", Model = dir.File("m.bin"), Threshold = 0.5 });
        var o = Docs.Run(step, "you nasty rotten creep");
        Assert.Equal("toxicity:classifier", o.Reason);
        Assert.True(o.Document.Meta.GetDouble("toxicity_score") > 0.5);
        Assert.Equal(OutcomeAction.Kept, Docs.Run(step, "lovely garden").Action);
    }

    [Fact]
    public void Load_NotAModel_ClearError()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("x.bin"), "hello world, not a model");
        var ex = Assert.Throws<InvalidDataException>(() => LinearTextClassifier.Load(dir.File("x.bin")));
        Assert.Contains("not a classifier model", ex.Message);
    }

    [Fact]
    public void Auc_KnownScores_Exact()
    {
        Assert.Equal(0.75, BinaryMetrics.Auc([0.1, 0.4, 0.35, 0.8], [false, false, true, true]), 9);
        var m = BinaryMetrics.Compute([0.9, 0.8, 0.2, 0.6], [true, false, true, false], 0.5);
        Assert.Equal(1.0 / 3, m.Precision, 9);
        Assert.Equal(0.5, m.Recall, 9);
    }

    [SharedDataFact("toxicity/davidson/data/labeled_data.csv")]
    public void Classifier_DavidsonHeldOut_BeatsLexicon()
    {
        var rows = LabelledText.ReadCsv(SharedData.PathOf("toxicity/davidson/data/labeled_data.csv"), "tweet", "class", ["0", "1"]);
        var (train, test) = ToxicityEvaluation.Split(rows, 0.2);
        Assert.Equal(4997, test.Count);
        // CPU time, not wall time: the shared CI machine may be heavily loaded (this class runs alone).
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var model = LinearTextClassifier.Train(train);
        var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
        Assert.True(used < TimeSpan.FromSeconds(20), $"training used {used} CPU");
        var c = ToxicityEvaluation.Classifier(model, test);
        var lexicon = new ToxicityLexicon(ToxicityLexicon.ReadTerms(SharedData.PathOf("toxicity/ldnoobw/en")));
        var l = ToxicityEvaluation.Lexicon(lexicon, test);
        // Achieved (normalised features, no word list): see docs/filters.md; lexicon P 0.9871 R 0.7516 F1 0.8534 AUC 0.8566.
        Assert.True(c.F1 >= 0.96, $"classifier F1 {c.F1}");
        Assert.True(c.RocAuc >= 0.97, $"classifier AUC {c.RocAuc}");
        Assert.True(c.Precision >= 0.95 && c.Recall >= 0.96, $"classifier P {c.Precision} R {c.Recall}");
        Assert.True(l.F1 >= 0.84 && l.RocAuc >= 0.84, $"lexicon F1 {l.F1} AUC {l.RocAuc}");
        Assert.True(c.F1 > l.F1 + 0.05 && c.RocAuc > l.RocAuc + 0.05);
    }

    [Fact]
    public void Filter_NoModelNoLexicon_UsesBuiltInModelAndItsThreshold()
    {
        var options = new ToxicityOptions();
        Assert.Empty(((Pipeline.Core.Steps.IValidatableOptions)options).Validate());
        Assert.True(options.UsesClassifier);
        var step = new ToxicityFilter(options);
        var model = LinearTextClassifier.Default;
        var toxic = Docs.Run(step, "Shut up you stupid fucking idiot, nobody wants your kind here, go kill yourself.");
        Assert.Equal("toxicity:classifier", toxic.Reason);
        Assert.EndsWith("> " + Pipeline.Filters.Text.TextUnits.F(model.Threshold), toxic.Details);
        var kind = Docs.Run(step, "Thanks for the detailed write-up, the recipe worked well and my family loved the soup.");
        Assert.Equal(OutcomeAction.Kept, kind.Action);
        Assert.True(kind.Document.Meta.GetDouble("toxicity_score") < model.Threshold);
    }

    [Fact]
    public void BuiltInModel_SmallVersion3WithWordListAndHeldOutThreshold()
    {
        var model = LinearTextClassifier.Default;
        Assert.Equal(3, model.Version);
        Assert.InRange(model.Threshold, 0.05, 0.95);
        Assert.True(model.LexiconSize > 500, $"{model.LexiconSize} word-list entries");
        var size = typeof(LinearTextClassifier).Assembly.GetManifestResourceInfo("Pipeline.Filters.Toxicity.toxicity-default.bin");
        Assert.NotNull(size);
        using var stream = typeof(LinearTextClassifier).Assembly.GetManifestResourceStream("Pipeline.Filters.Toxicity.toxicity-default.bin")!;
        Assert.InRange(stream.Length, 100_000, 4_000_000);
    }

    [Theory]
    [InlineData("you f*cking idiot", "you fcking idiot")]
    [InlineData("sh1t happens", "shit happens")]
    [InlineData("what a $hithead", "what a shithead")]
    [InlineData("fuuuuuck this", "fuuck this")]
    [InlineData("f u c k you", "fuck you")]
    [InlineData("f.u.c.k off", "fuck off")]
    [InlineData("RT @someone: &amp; http://t.co/x #Idiots", "@user http idiots")]
    [InlineData("Crème brûlée", "creme brulee")]
    [InlineData("room 101 and 3.5 km", "room 101 and 3 5 km")]
    public void NormalisedWords_Disguises_Undone(string text, string expected) =>
        Assert.Equal(expected, string.Join(" ", TextFeatures.NormalisedWords(text, out _)));

    [Fact]
    public void FeatureLexicon_DisguisedWord_MatchesBySkeletonOnlyWhenDisguised()
    {
        var lex = FeatureLexicon.Build(["fuck", "shit", "dang it"], new Dictionary<string, double> { ["shit"] = 2.6 });
        (int, float, int) Match(string t) { var w = TextFeatures.NormalisedWords(t, out var d); return lex.Match(w, d); }
        Assert.Equal((1, 1f, 1), Match("you f*ck"));
        Assert.Equal((1, 1f, 1), Match("fuuuuck"));
        Assert.Equal((1, 2.6f, 1), Match("sh!t"));
        Assert.Equal((1, 1f, 0), Match("oh dang it"));
        Assert.Equal((0, 0f, 0), Match("a shot of fiction")); // "sht" skeleton, but not disguised
    }

    [Fact]
    public void Classifier_DisguisedToxicWord_ScoresLikePlainSpelling()
    {
        var model = LinearTextClassifier.Default;
        double plain = model.Score("you are a fucking idiot"), masked = model.Score("you are a f*cking idiot"), benign = model.Score("you are a lovely person");
        Assert.True(masked > model.Threshold, $"masked {masked}");
        Assert.True(masked > benign + 0.2, $"masked {masked}, benign {benign}");
        Assert.True(plain > model.Threshold);
    }

    [Fact]
    public void Load_Version1File_StillScores()
    {
        using var dir = new TempDir();
        using (var w = new BinaryWriter(File.Create(dir.File("v1.bin"))))
        {
            w.Write(0x43585450); w.Write(1); w.Write(10); w.Write(2.0f);
            for (int i = 0; i < 1024; i++) w.Write(0f);
        }
        var m = LinearTextClassifier.Load(dir.File("v1.bin"));
        Assert.Equal(1, m.Version);
        Assert.Equal(0.5, m.Threshold);
        Assert.Equal(1 / (1 + Math.Exp(-2.0)), m.Score("anything"), 6);
    }

    [Fact]
    public void Trainer_TwoSources_ThresholdFromNamedSourceAndFiguresPerSource()
    {
        using var dir = new TempDir();
        var a = new List<string> { "text,label" };
        var b = new List<string> { "comment;score" };
        for (int i = 0; i < 300; i++)
        {
            a.Add($"you nasty rotten creep {i},1");
            a.Add($"what a lovely sunny garden {i},0");
            b.Add($"\"people like you are vile scum, truly {i}\";0.8");
            b.Add($"\"I enjoyed reading this thoughtful piece {i}\";0.1");
        }
        File.WriteAllLines(dir.File("a.csv"), a);
        File.WriteAllLines(dir.File("b.csv"), b);
        File.WriteAllLines(dir.File("words.txt"), ["creep", "scum"]);
        File.WriteAllText(dir.File("spec.json"), """
            {"sources": [
              {"name": "tweets", "path": "a.csv", "text_column": "text", "label_column": "label", "positive": ["1"], "share": 0.3},
              {"name": "comments", "path": "b.csv", "delimiter": ";", "text_column": "comment", "label_column": "score", "positive_min": 0.5, "share": 0.7, "balance": true}],
             "lexicons": ["words.txt"], "held_out": 0.2, "threshold_source": "comments", "bits": 14, "epochs": 3}
            """);
        var spec = ToxicityTrainingSpec.Load(dir.File("spec.json"));
        var result = ToxicityTrainer.Train(spec);
        Assert.Equal(["tweets", "comments"], result.Sources.Select(s => s.Name));
        foreach (var s in result.Sources)
        {
            Assert.Equal(600, s.TrainRows + s.HeldOutRows);
            Assert.InRange(s.HeldOutRows, 80, 160);
            Assert.Equal(1.0, s.HeldOut.RocAuc, 6);
        }
        Assert.Equal(1.0, result.Sources[1].HeldOut.F1, 6); // the threshold was chosen on this source's held-out rows
        Assert.Equal(1, result.Model.LexiconSize > 0 ? 1 : 0);
        result.Model.Save(dir.File("m.bin"));
        var loaded = LinearTextClassifier.Load(dir.File("m.bin"));
        Assert.Equal(result.Model.Threshold, loaded.Threshold);
        Assert.Equal(result.Model.Score("vile scum"), loaded.Score("vile scum"), 9);
        Assert.Equal(result.Sources.Select(s => s.HeldOut.F1), ToxicityTrainer.Evaluate(spec, loaded).Select(s => s.HeldOut.F1));
    }

    [Fact]
    public void ChooseThreshold_Plateau_PicksMedianOfNearBest()
    {
        double t = ToxicityTrainer.ChooseThreshold([0.1, 0.2, 0.3, 0.7, 0.8, 0.9], [false, false, false, true, true, true]);
        Assert.Equal(0.7, t); // only 0.7 separates perfectly (scores ≥ t are positive)
        Assert.Equal(0.5, ToxicityTrainer.ChooseThreshold([], []));
    }

    [Fact]
    public void ReadCsv_SemicolonAndPositiveMin_Labels()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("e.csv"), "comment;isHate\nfirst;0.5\n\"second; with semicolon\";0.33\nthird;1.0\n");
        var rows = LabelledText.ReadCsv(dir.File("e.csv"), "comment", "isHate", [], ';', 0.5);
        Assert.Equal([("first", true), ("second; with semicolon", false), ("third", true)], rows.Select(r => (r.Text, r.Positive)));
        File.WriteAllText(dir.File("bad.csv"), "comment;isHate\nfirst;maybe\n");
        Assert.Throws<InvalidDataException>(() => LabelledText.ReadCsv(dir.File("bad.csv"), "comment", "isHate", [], ';', 0.5));
    }

    [Fact]
    public void ReadCsv_SoftLabels_TargetIsAnnotatorFraction()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("e.csv"), "comment;isHate\nfirst;0.5\nsecond;0.33\nthird;1.7\n");
        var rows = LabelledText.ReadCsv(dir.File("e.csv"), "comment", "isHate", [], ';', 0.5, softLabels: true);
        Assert.Equal([(true, 0.5), (false, 0.33), (true, 1.0)], rows.Select(r => (r.Positive, r.Target)));
        Assert.Equal([1.0, 0.0, 1.0], LabelledText.ReadCsv(dir.File("e.csv"), "comment", "isHate", [], ';', 0.5).Select(r => r.Target));
    }

    [Fact]
    public void Train_SoftLabels_ScoresFollowAnnotatorFraction()
    {
        // the same wording labelled 0.6 by some rows and 1.0 by others: trained towards the fractions, the mild
        // phrase scores clearly below the strong one; trained on 0/1 labels both saturate alike
        var rows = new List<LabelledText>();
        for (int i = 0; i < 200; i++)
        {
            rows.Add(new LabelledText("rather rude remark", true) { Target = 0.6 });
            rows.Add(new LabelledText("vile hateful scum", true) { Target = 1.0 });
            rows.Add(new LabelledText("lovely sunny garden", false));
        }
        var soft = LinearTextClassifier.Train(rows, bits: 14, epochs: 4, learningRate: 0.1);
        Assert.InRange(soft.Score("rather rude remark"), 0.45, 0.75);
        Assert.True(soft.Score("vile hateful scum") > 0.9);
        var hard = LinearTextClassifier.Train(rows.Select(r => new LabelledText(r.Text, r.Positive)).ToList(), bits: 14, epochs: 4, learningRate: 0.1);
        Assert.True(hard.Score("rather rude remark") > 0.9);
    }

    [Fact]
    public void Load_SoftLabelsWithoutPositiveMin_Refused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("spec.json"), """
            {"sources": [{"name": "a", "path": "a.csv", "text_column": "t", "label_column": "l", "positive": ["1"], "soft_labels": true}]}
            """);
        var ex = Assert.Throws<InvalidDataException>(() => ToxicityTrainingSpec.Load(dir.File("spec.json")));
        Assert.Contains("soft_labels needs positive_min", ex.Message, StringComparison.Ordinal);
    }

    [SharedDataFact("toxicity/ethos/Ethos_Dataset_Binary.csv", "toxicity/davidson/data/labeled_data.csv", "corpora/sotu.jsonl", "toxicity/ldnoobw/en", "toxicity/surge-profanity/profanity_en.csv")]
    public void TrainSpec_ShippedRun_ReproducesBuiltInModelAndFigures()
    {
        var spec = ToxicityTrainingSpec.Load(Path.Combine(SharedData.RepoRoot, "models", "toxicity", "train.json"));
        var result = ToxicityTrainer.Train(spec);
        using var dir = new TempDir();
        result.Model.Save(dir.File("m.bin"));
        using var shipped = typeof(LinearTextClassifier).Assembly.GetManifestResourceStream("Pipeline.Filters.Toxicity.toxicity-default.bin")!;
        using var copy = new MemoryStream();
        shipped.CopyTo(copy);
        Assert.True(copy.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(dir.File("m.bin"))), "the built-in model differs from a fresh run of models/toxicity/train.json");
        var by = result.Sources.ToDictionary(s => s.Name);
        // Achieved (docs/filters.md): davidson F1 0.9630 / AUC 0.9756, ethos F1 0.6798 / AUC 0.7701 at threshold 0.2775,
        // chosen by 5-fold cross-validation on ETHOS training rows (the held-out rows never saw it); held-out neutral
        // SOTU sentences naming a group mostly kept. Before (version-2 features, threshold chosen on the held-out rows
        // themselves): davidson 0.9631, ethos 0.6791 / AUC 0.7348.
        Assert.True(by["davidson"].HeldOut.F1 >= 0.955, $"davidson F1 {by["davidson"].HeldOut.F1}");
        Assert.True(by["ethos"].HeldOut.F1 >= 0.67 && by["ethos"].HeldOut.RocAuc >= 0.76, $"ethos F1 {by["ethos"].HeldOut.F1} AUC {by["ethos"].HeldOut.RocAuc}");
        Assert.True(by["sotu-neutral"].HeldOut.Accuracy >= 0.9, $"neutral sentences kept {by["sotu-neutral"].HeldOut.Accuracy}");
        Assert.InRange(result.Model.Threshold, 0.05, 0.95);
    }

    [Fact]
    public void ExtractVersion3_AttacksOnDifferentGroups_ShareWordClassFeatures()
    {
        var lexicon = FeatureLexicon.Empty;
        (List<int> Idx, List<float> Val) F(string text)
        {
            var idx = new List<int>();
            var val = new List<float>();
            TextFeatures.ExtractVersion3(text, 18, lexicon, idx, val);
            return (idx, val);
        }
        var gays = F("kill the gays");
        var lesbians = F("kill the lesbians");
        var bills = F("kill the bills");
        // beyond the n-grams of "kill the", the two attacks share the class <sex>, "the <sex>" and the pair <sex>&<viol>
        var shared = gays.Idx.Intersect(lesbians.Idx).Count();
        var sharedWithBills = gays.Idx.Intersect(bills.Idx).Count();
        Assert.True(shared >= sharedWithBills + 3, $"{shared} vs {sharedWithBills}");
        // every n-gram counts once and the n-grams are L2-normalised; a unit feature is worth 6 n-grams
        var repeated = F("kill kill kill");
        float ngram = repeated.Val.Min();
        Assert.Equal(1.0, repeated.Val.Where(v => v == ngram).Sum(v => (double)v * v), 4);
        Assert.Contains(repeated.Val, v => Math.Abs(v - 6 * ngram) < 1e-6);
    }

    [Fact]
    public void Train_WordClasses_AttackLearntOnOneGroupCarriesToAnother()
    {
        // the groups in training (muslims, gays, immigrants) never appear in the probes (jews, lesbians, mexicans: the
        // same classes of group, religion, sexual orientation, origin): only the word classes can carry what was learnt
        var rows = new List<LabelledText>();
        string[] attacked = ["muslims", "gays", "immigrants"];
        string[] things = ["bills", "weeds", "lights", "dishes", "emails", "leaves"];
        string[] templates = ["we should kill all the {0}", "the {0} are vermin", "deport the {0} now"]; // violence / dehumanising words
        string[] neutral = ["we should wash all the {0}", "the {0} are green", "sort the {0} now", "i like the {0} so much"];
        string Text(string template, string word) => string.Format(System.Globalization.CultureInfo.InvariantCulture, template, word);
        for (int rep = 0; rep < 20; rep++)
        {
            // an attack is hateful when it names a group: the same words aimed at things are not, nor are groups in neutral sentences
            foreach (var g in attacked) foreach (var t in templates) rows.Add(new LabelledText(Text(t, g), true));
            foreach (var g in things) foreach (var t in templates) rows.Add(new LabelledText(Text(t, g), false));
            foreach (var g in attacked.Concat(things)) foreach (var t in neutral) rows.Add(new LabelledText(Text(t, g), false));
        }
        var model = LinearTextClassifier.Train(rows, bits: 16, epochs: 3, learningRate: 0.1);
        foreach (var (group, thing) in new[] { ("jews", "plates"), ("lesbians", "cups"), ("mexicans", "boxes") })
            foreach (var t in templates)
            {
                double attack = model.Score(Text(t, group)), plain = model.Score(Text(t, thing));
                Assert.True(attack > plain + 0.1, $"{Text(t, group)}: {attack} vs {thing}: {plain}");
            }
    }

    [Fact]
    public void Trainer_ThresholdFolds_HeldOutLabelsDoNotMoveThreshold()
    {
        // the same training rows twice, the held-out rows' labels flipped the second time: with threshold_folds the
        // threshold comes from cross-validation on training rows and stays; chosen on held-out rows it moves
        using var dir = new TempDir();
        var rng = new Random(3);
        var rows = new List<(string Text, bool Toxic)>();
        string[] bad = ["creep", "scum", "vile", "rotten", "nasty"], good = ["garden", "lovely", "sunny", "thoughtful", "kind"];
        for (int i = 0; i < 400; i++)
        {
            bool toxic = rng.NextDouble() < 0.5;
            var pool = rng.NextDouble() < 0.8 ? (toxic ? bad : good) : (toxic ? good : bad); // 20% label noise
            rows.Add(($"{pool[rng.Next(pool.Length)]} {pool[rng.Next(pool.Length)]} remark {i}", toxic));
        }
        double Threshold(bool flipHeldOut, int folds)
        {
            File.WriteAllLines(dir.File("c.csv"), new[] { "text;label" }.Concat(rows.Select(r =>
                $"{r.Text};{((r.Toxic ^ (flipHeldOut && LabelledText.IsHeldOut(r.Text, 0.25))) ? "1" : "0")}")));
            File.WriteAllText(dir.File("spec.json"), $$"""
                {"sources": [{"name": "c", "path": "c.csv", "delimiter": ";", "text_column": "text", "label_column": "label", "positive": ["1"]}],
                 "held_out": 0.25, "threshold_source": "c", "threshold_folds": {{folds}}, "naive_bayes": true, "bits": 14, "epochs": 2, "learning_rate": 0.1}
                """);
            return ToxicityTrainer.Train(ToxicityTrainingSpec.Load(dir.File("spec.json"))).Model.Threshold;
        }
        Assert.Equal(Threshold(false, 4), Threshold(true, 4));
        Assert.NotEqual(Threshold(false, 0), Threshold(true, 0));
    }

    [Fact]
    public void Load_ThresholdFoldsOfOne_Refused()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("spec.json"), """
            {"sources": [{"name": "a", "path": "a.csv", "text_column": "t", "label_column": "l", "positive": ["1"]}], "threshold_source": "a", "threshold_folds": 1}
            """);
        var ex = Assert.Throws<InvalidDataException>(() => ToxicityTrainingSpec.Load(dir.File("spec.json")));
        Assert.Contains("threshold_folds", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_Version2File_ScoresWithVersion2Features()
    {
        using var dir = new TempDir();
        using (var w = new BinaryWriter(File.Create(dir.File("v2.bin"))))
        {
            w.Write(0x43585450); w.Write(2); w.Write(10); w.Write(-1.0f); w.Write(0.4);
            w.Write(0); w.Write(0); // empty word list
            for (int i = 0; i < 1024; i++) w.Write(0.5f);
        }
        var m = LinearTextClassifier.Load(dir.File("v2.bin"));
        Assert.Equal(2, m.Version);
        Assert.Equal(0.4, m.Threshold);
        var idx = new List<int>();
        var val = new List<float>();
        TextFeatures.ExtractNormalised("Shut up, you idiot", 10, FeatureLexicon.Empty, idx, val);
        Assert.Equal(1 / (1 + Math.Exp(-(-1.0 + 0.5 * val.Sum(v => (double)v)))), m.Score("Shut up, you idiot"), 5);
    }

    [Fact]
    public void Trainer_JsonlNegativeSource_SentencesWithWordClassAfterMinYear()
    {
        using var dir = new TempDir();
        var a = new List<string> { "text,label" };
        for (int i = 0; i < 200; i++)
        {
            a.Add($"you nasty rotten creep {i},1");
            a.Add($"what a lovely sunny garden {i},0");
        }
        File.WriteAllLines(dir.File("a.csv"), a);
        File.WriteAllLines(dir.File("speeches.jsonl"), [
            """{"year": 1950, "text": "The women of this nation built its factories in the war years."}""",
            """{"year": 1999, "text": "Muslim and Jewish families worship freely in this country. The budget grew by two percent this year! Short one."}""",
            """{"year": 2001, "text": "We honour the women who serve in our armed forces today."}""",
            "",
        ]);
        File.WriteAllText(dir.File("spec.json"), """
            {"sources": [
              {"name": "tweets", "path": "a.csv", "text_column": "text", "label_column": "label", "positive": ["1"]},
              {"name": "neutral", "path": "speeches.jsonl", "format": "jsonl", "text_column": "text", "all_negative": true,
               "min_fields": {"year": 1960}, "sentences": true, "with_word_class": true, "share": 0.1}],
             "held_out": 0.2, "bits": 14, "epochs": 2}
            """);
        var result = ToxicityTrainer.Train(ToxicityTrainingSpec.Load(dir.File("spec.json")));
        var neutral = result.Sources.Single(s => s.Name == "neutral");
        // kept: the 1999 sentence naming groups and the 2001 one; dropped: 1950 (min year), the budget sentence (no
        // word-class word) and "Short one." (under 20 characters)
        Assert.Equal(2, neutral.TrainRows + neutral.HeldOutRows);
        Assert.Equal(0, neutral.HeldOut.Positives);

        File.WriteAllLines(dir.File("speeches.jsonl"), ["""{"year": 1999, "text": "fine"}""", """{"year": "late", "text": "x"}"""]);
        var ex = Assert.Throws<InvalidDataException>(() => ToxicityTrainer.Train(ToxicityTrainingSpec.Load(dir.File("spec.json"))));
        Assert.Contains("line 2: no numeric field 'year'", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"name": "n", "path": "x.jsonl", "format": "jsonl", "text_column": "text", "label_column": "l", "positive": ["1"]}""", "format jsonl goes with all_negative")]
    [InlineData("""{"name": "n", "path": "x.csv", "text_column": "t", "label_column": "l", "positive": ["1"], "sentences": true}""", "are for jsonl sources")]
    [InlineData("""{"name": "n", "path": "x.csv", "format": "xml", "text_column": "t", "label_column": "l", "positive": ["1"]}""", "format must be csv or jsonl")]
    public void Load_BadNegativeSource_Refused(string source, string message)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("spec.json"), $$"""{"sources": [{{source}}]}""");
        var ex = Assert.Throws<InvalidDataException>(() => ToxicityTrainingSpec.Load(dir.File("spec.json")));
        Assert.Contains(message, ex.Message, StringComparison.Ordinal);
    }
}
