using Pipeline.Testing;
using Xunit;

namespace Pipeline.Audit.Tests;

public sealed class PerplexityAndProbeTests
{
    private static readonly ByteCodec Codec = new();

    [Fact]
    public void Evaluate_UniformModel_PerplexityIsVocabAndBitsPerByteIsLog2()
    {
        var text = "héllo world. the quick brown fox.";
        var tokens = Codec.Encode(text).Append(256).Concat(Codec.Encode(text)).Append(256).ToArray();
        var model = new UniformModel(257, context: 8);

        var r = PerplexityEvaluator.Evaluate("d", model, Codec, tokens);

        int textTokens = tokens.Length - 2;
        Assert.Equal(textTokens - 1, r.Tokens); // first token is never a target; EOTs left out
        Assert.Equal(257, r.Perplexity, 6);
        long bytes = 2L * System.Text.Encoding.UTF8.GetByteCount(text) - 1;
        Assert.Equal(bytes, r.Bytes);
        Assert.Equal(r.Tokens * Math.Log2(257) / bytes, r.BitsPerByte, 9);
        Assert.True(model.Calls >= tokens.Length / 8);
    }

    [Fact]
    public void Evaluate_ModelTrainedOnDomain_LowerPerplexityThanOtherDomain()
    {
        var english = Codec.Encode(string.Concat(Enumerable.Repeat("the cat sat on the mat and the dog sat on the log. ", 40)));
        var digits = Codec.Encode(string.Concat(Enumerable.Range(0, 300).Select(i => (i * 7919 % 1000).ToString("D3") + ",")));
        var model = new BigramModel(257).Train(english);
        var seen = PerplexityEvaluator.Evaluate("english", model, Codec, english);
        var unseen = PerplexityEvaluator.Evaluate("digits", model, Codec, digits);
        Assert.True(seen.Perplexity < unseen.Perplexity / 5, $"{seen.Perplexity} vs {unseen.Perplexity}");
        Assert.True(seen.BitsPerByte < 2.5);
    }

    [Fact]
    public void ProbeScorer_AnswerSeenInTraining_RankedFirst()
    {
        var model = new BigramModel(257).Train(Codec.Encode(string.Concat(Enumerable.Repeat("the sky is blue. ", 50))));
        var s = ProbeScorer.Score(model, Codec, new Probe("facts", "the sky is", "blue", ["zqxj", "kkkk"]));
        Assert.True(s.Correct);
        Assert.Equal(1, s.Rank);
        Assert.True(s.AnswerLogProb > s.DistractorLogProbs.Max());
    }

    [Fact]
    public void ProbeScorer_UniformModelTies_HalfRankNotCorrect()
    {
        var s = ProbeScorer.Score(new UniformModel(257, 32), Codec, new Probe("d", "abc", "xy", ["zw"]));
        Assert.False(s.Correct);
        Assert.Equal(1.5, s.Rank);
    }

    [Fact]
    public void ClozeGenerator_HeldOutText_LastWordAnswersWithDomainDistractors()
    {
        var docs = new[]
        {
            "The whale swam under the grey ship. The sailors watched the whale from the deck. A storm came over the dark ocean.",
            "The captain shouted at the sailors on the ship. They pulled the ropes across the deck before the storm.",
        };
        var probes = ClozeProbeGenerator.Generate("moby", docs, max: 10, distractors: 3, seed: 1);
        Assert.NotEmpty(probes);
        foreach (var p in probes)
        {
            Assert.Equal("moby", p.Domain);
            Assert.Equal(3, p.Distractors.Count);
            Assert.DoesNotContain(p.Answer, p.Distractors);
            Assert.Contains(p.Prompt + " " + p.Answer, string.Join(" ", docs), StringComparison.Ordinal);
        }
        static string Key(Probe p) => $"{p.Prompt}|{p.Answer}|{string.Join(",", p.Distractors)}";
        Assert.Equal(probes.Select(Key), ClozeProbeGenerator.Generate("moby", docs, max: 10, distractors: 3, seed: 1).Select(Key));
    }

    [SharedDataFact("probes/pararel/data/trex_lms_vocab/P17.jsonl")]
    public void ParaRelLoader_SharedData_PromptsEndBeforeObject()
    {
        var probes = ParaRelLoader.Load(SharedData.PathOf("probes/pararel/data"), perRelation: 3, distractors: 4, seed: 1);
        Assert.True(probes.Count >= 60, $"{probes.Count} probes");
        var p17 = probes.Where(p => p.Relation == "P17").ToList();
        Assert.Equal(3, p17.Count);
        Assert.All(p17, p => Assert.EndsWith(" is located in", p.Prompt, StringComparison.Ordinal));
        Assert.All(probes, p =>
        {
            Assert.DoesNotContain("[X]", p.Prompt, StringComparison.Ordinal);
            Assert.DoesNotContain("[Y]", p.Prompt, StringComparison.Ordinal);
            Assert.Equal(4, p.Distractors.Count);
            Assert.DoesNotContain(p.Answer, p.Distractors);
        });
    }

    [Fact]
    public void ProbeFile_RoundTripAndFill_DistractorsFromSameDomain()
    {
        using var tmp = new TempDir();
        var path = tmp.File("p.jsonl");
        File.WriteAllText(path, """
            {"domain":"a","prompt":"x is","answer":"one"}
            {"domain":"a","prompt":"y is","answer":"two","distractors":["nine"]}
            {"domain":"b","prompt":"z is","answer":"three"}
            """);
        var filled = ProbeFile.FillDistractors(ProbeFile.Load(path), 2, 1);
        Assert.Equal(["two"], filled[0].Distractors);
        Assert.Equal(["nine", "one"], filled[1].Distractors);
        Assert.Empty(filled[2].Distractors);
        File.WriteAllText(path, "{\"domain\":\"a\",\"prompt\":\"x\"}\n");
        var ex = Assert.Throws<AuditInputException>(() => ProbeFile.Load(path));
        Assert.Contains("p.jsonl:1", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MixtureRecommender_HighLossLowShare_UpWeighted()
    {
        var loss = new Dictionary<string, double> { ["sotu"] = 2.0, ["shakespeare"] = 1.0 };
        var tokens = new Dictionary<string, long> { ["sotu"] = 100, ["shakespeare"] = 900 };
        var rows = MixtureRecommender.Recommend(loss, tokens);
        var sotu = rows.Single(r => r.Domain == "sotu");
        var shakes = rows.Single(r => r.Domain == "shakespeare");
        Assert.True(sotu.NextWeight > 1.5, $"{sotu.NextWeight}");
        Assert.True(shakes.NextWeight < 1);
        Assert.Equal(1.0, rows.Sum(r => r.TokenShare * r.NextWeight), 3);
        // (2/3 ÷ 0.1)^0.5 = 2.582 and (1/3 ÷ 0.9)^0.5 = 0.6086 before normalising by 0.1·2.582 + 0.9·0.6086 = 0.8059
        Assert.Equal(2.582 / 0.8059, sotu.NextWeight, 2);
    }

    [Fact]
    public void MixtureRecommender_LossProportionalToShare_WeightsStayOne()
    {
        var rows = MixtureRecommender.Recommend(new Dictionary<string, double> { ["a"] = 1.0, ["b"] = 3.0 }, new Dictionary<string, long> { ["a"] = 10, ["b"] = 30 });
        Assert.All(rows, r => Assert.Equal(1.0, r.NextWeight, 6));
    }
}
