using Pipeline.Core.Ledger;
using Pipeline.Core.Steps;
using Pipeline.Filters.Pii;
using Pipeline.Testing;
using Xunit;

namespace Pipeline.Filters.Tests;

public sealed class PiiTests
{
    private static readonly PiiDetector Detector = new();

    private static string[] Types(string text) => Detector.Detect(text).Select(m => m.Type).ToArray();

    private static string Found(string text) => string.Join("|", Detector.Detect(text).Select(m => m.Type + "=" + text.Substring(m.Start, m.Length)));

    [Theory]
    [InlineData("mail jane.doe+tag@example.co.uk now.", "EMAIL=jane.doe+tag@example.co.uk")]
    [InlineData("call (978)645-9740x11144 today", "PHONE_NUMBER=(978)645-9740x11144")]
    [InlineData("call +44 20 7946 0958 today", "PHONE_NUMBER=+44 20 7946 0958")]
    [InlineData("call 833.719.3994 today", "PHONE_NUMBER=833.719.3994")]
    [InlineData("office +33 1 4567 8910 open", "PHONE_NUMBER=+33 1 4567 8910")]
    [InlineData("call 2813882583 today", "PHONE_NUMBER=2813882583")]
    [InlineData("host 192.168.10.1 down", "IP_ADDRESS=192.168.10.1")]
    [InlineData("host 2001:db8::8a2e:370:7334 down", "IP_ADDRESS=2001:db8::8a2e:370:7334")]
    [InlineData("card 4111 1111 1111 1111 ok", "CREDIT_CARD=4111 1111 1111 1111")]
    [InlineData("card 5210402405591275 ok", "CREDIT_CARD=5210402405591275")]
    [InlineData("ssn 308-63-0237 ok", "US_SSN=308-63-0237")]
    [InlineData("Her SSN: 308630237.", "US_SSN=308630237")]
    [InlineData("iban GB82 WEST 1234 5698 7654 32 ok", "IBAN_CODE=GB82 WEST 1234 5698 7654 32")]
    [InlineData("iban de89370400440532013000 ok", "IBAN_CODE=de89370400440532013000")]
    [InlineData("see ftp://admin:s3cret@files.example.com/x", "URL_CREDENTIALS=ftp://admin:s3cret@files.example.com")]
    public void Detect_ValidEntity_Found(string text, string expected) => Assert.Equal(expected, Found(text));

    [Theory]
    [InlineData("card 4111 1111 1111 1112 fails Luhn")]
    [InlineData("ssn 000-12-3456 area zero")]
    [InlineData("ssn 666-12-3456 area 666")]
    [InlineData("ssn 912-12-3456 area 9xx")]
    [InlineData("ssn 123-00-4567 group zero")]
    [InlineData("ssn 123-45-0000 serial zero")]
    [InlineData("iban GB82 WEST 1234 5698 7654 33 bad checksum")]
    [InlineData("version 1.2.3.4567 not an ip, 300.1.1.1 neither")]
    [InlineData("meeting at 2021-05-06 14:30:00 sharp")]
    [InlineData("born 12.03.1999 in town")]
    [InlineData("Apt. 722 20 40 rue Victor")]
    [InlineData("order 1234567 shipped")]
    [InlineData("invoice 308630237 paid")]
    [InlineData("time 12:30:45 and ratio 3:2")]
    public void Detect_Invalid_NotFound(string text) => Assert.Empty(Types(text));

    [Fact]
    public void Validators_Checksums_Correct()
    {
        Assert.True(PiiDetector.Luhn("79927398713"));
        Assert.False(PiiDetector.Luhn("79927398710"));
        Assert.True(PiiDetector.IbanChecksumValid("GB82WEST12345698765432"));
        Assert.False(PiiDetector.IbanChecksumValid("GB82WEST12345698765433"));
        Assert.True(PiiDetector.IsSsn("078", "12", "3456"));
        Assert.False(PiiDetector.IsSsn("666", "12", "3456"));
    }

    private const string Sample = "Write to bob@example.com or ann@example.org, ssn 308-63-0237.";

    [Fact]
    public async Task Process_RedactMode_ReplacesAndCountsWithoutValues()
    {
        using var dir = new TempDir();
        var ledger = new RecordingLedger(recordKeptEvents: false);
        var step = new PiiFilter(new PiiOptions { Mode = "redact" });
        var ctx = StepContext.ForTool("pii", dir.Path, ledger);
        await step.OpenAsync(ctx, CancellationToken.None);
        var o = Docs.Run(step, Sample, ctx);
        Assert.Equal(OutcomeAction.Modified, o.Action);
        Assert.Equal("Write to <EMAIL> or <EMAIL>, ssn <US_SSN>.", o.Document.Text);
        var counts = o.Document.Meta.GetCounts("pii_counts");
        Assert.Equal(2, counts["EMAIL"]);
        Assert.Equal(1, counts["US_SSN"]);
        var records = ledger.Records.OfType<PiiCountRecord>().OrderBy(r => r.EntityType).ToList();
        Assert.Equal([("EMAIL", 2), ("US_SSN", 1)], records.Select(r => (r.EntityType, r.Count)));
        Assert.DoesNotContain("bob@", string.Join(";", ledger.Records.Select(r => r.ToString())));
        Assert.DoesNotContain("bob@", o.Details);
    }

    [Fact]
    public void Process_HashMode_SaltedStableDigests()
    {
        var a = Docs.Run(new PiiFilter(new PiiOptions { Mode = "hash", Salt = "s1" }), Sample).Document.Text;
        var b = Docs.Run(new PiiFilter(new PiiOptions { Mode = "hash", Salt = "s1" }), Sample).Document.Text;
        var c = Docs.Run(new PiiFilter(new PiiOptions { Mode = "hash", Salt = "s2" }), Sample).Document.Text;
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
        Assert.Matches("^Write to <EMAIL:[0-9a-f]{16}> or <EMAIL:[0-9a-f]{16}>, ssn <US_SSN:[0-9a-f]{16}>\\.$", a);
        Assert.DoesNotContain("bob", a);
    }

    [Fact]
    public void Process_TagAndDropModes()
    {
        var tag = Docs.Run(new PiiFilter(new PiiOptions { Mode = "tag" }), Sample);
        Assert.Equal(OutcomeAction.Kept, tag.Action);
        Assert.Equal(Sample, tag.Document.Text);
        Assert.Equal(3, tag.Document.Meta.GetCounts("pii_counts").Values.Sum());
        var drop = Docs.Run(new PiiFilter(new PiiOptions { Mode = "drop" }), Sample);
        Assert.Equal("pii:found", drop.Reason);
        Assert.Equal(OutcomeAction.Kept, Docs.Run(new PiiFilter(new PiiOptions { Mode = "drop" }), "nothing here").Action);
        Assert.Equal(OutcomeAction.Kept, Docs.Run(new PiiFilter(new PiiOptions { Mode = "drop", DropMinCount = 4 }), Sample).Action);
    }

    [SharedDataFact("pii/generated_large.json")]
    public void Evaluate_GeneratedLarge_MeetsTargets()
    {
        var scores = PiiEvaluation.Evaluate(SharedData.PathOf("pii/generated_large.json")).ToDictionary(s => s.Type);
        // Achieved (see docs/filters.md): F1 1.0 for EMAIL, IP_ADDRESS, CREDIT_CARD, US_SSN, IBAN_CODE; 0.996 for PHONE_NUMBER.
        foreach (var t in new[] { "EMAIL", "IP_ADDRESS", "CREDIT_CARD", "US_SSN", "IBAN_CODE" })
        {
            Assert.True(scores[t].Support > 0, t);
            Assert.True(scores[t].F1 >= 0.99, $"{t} F1 {scores[t].F1}");
        }
        Assert.True(scores["PHONE_NUMBER"].F1 >= 0.99, $"PHONE_NUMBER F1 {scores["PHONE_NUMBER"].F1}");
        Assert.True(scores["PHONE_NUMBER"].Precision >= 0.99, "driver's licence numbers and house numbers are not phones");
    }

    [Theory]
    [InlineData("JCB 15 180094580730211 on file", "180094580730211")]
    [InlineData("JCB 15 2131 573681 93034 on file", "2131 573681 93034")]
    [InlineData("Maestro 6759 6426 2124 ok", "6759 6426 2124")]
    [InlineData("Maestro 675964262124 ok", "675964262124")]
    [InlineData("Maestro 5018997220030 ok", "5018997220030")]
    [InlineData("card 060432245383 ok", "060432245383")]
    [InlineData("Mir 2200-3236-4056-2245 ok", "2200-3236-4056-2245")]
    [InlineData("Troy 9792154990951459 ok", "9792154990951459")]
    [InlineData("JCB 3589 4752 7720 4056 088 ok", "3589 4752 7720 4056 088")]
    [InlineData("UnionPay 6221266569070293138 ok", "6221266569070293138")]
    [InlineData("Amex 3475 858471 95403 ok", "3475 858471 95403")]
    [InlineData("call about card 675964262124 please", "675964262124")]
    public void Detect_CardOfAnyIssuerRange_FoundAsCard(string text, string card) => Assert.Equal("CREDIT_CARD=" + card, Found(text));

    [Theory]
    [InlineData("Ship to Hauptstraße 13 70486 Stuttgart today")]
    [InlineData("Ship to Ulica Długa 8 80-827 Gdańsk today")]
    [InlineData("ZIP 90210-1234 is Beverly Hills")]
    [InlineData("My driver's license number is 481195160")]
    [InlineData("I'd like to call a taxi to 03 2657 Koontz Lane Apt. 602")]
    [InlineData("Released 12 05 2021 and 13 06 2022.")]
    [InlineData("Population 8 336 817 in 2020, price 1 299 000 EUR.")]
    [InlineData("Ticket 0012 3456 7890 for seat 14.")]
    [InlineData("Reference 4111 1111 1111 1112 on file.")]
    [InlineData("Order #4111111111111111 was processed.")]
    [InlineData("ISBN 978-3-16-148410-0 and ISBN-13: 9780306406157")]
    [InlineData("Upgrade to version 10.0.19045.3803 now.")]
    [InlineData("Lot 2025550143 was sold.")]
    [InlineData("Upgrade to version 10.2.3.4 before Friday.")]
    [InlineData("Firmware v2.4.10.1 fixes it; build 3.18.0.2 too.")]
    [InlineData("Call reference 20240315-0042 for follow-up.")]
    [InlineData("Phone support asked for ticket 4471 2093 88.")]
    public void Detect_NearMiss_NothingFound(string text) => Assert.Empty(Types(text));

    [Theory]
    [InlineData("You can call 9469 9966", "9469 9966")]
    [InlineData("They're not answering at 785 8949", "785 8949")]
    [InlineData("2813882583 mobile", "2813882583")]
    [InlineData("Phone: 021-4006034", "021-4006034")]
    [InlineData("Moldova 73916\n92 34 70-Office", "92 34 70")]
    [InlineData("write 415-555-2671 down", "415-555-2671")]
    [InlineData("Order desk, call 555 0134", "555 0134")]
    [InlineData("Phone our reference desk 555 0134", "555 0134")]
    public void Detect_PhoneWithContextOrStructure_Found(string text, string phone) => Assert.Equal("PHONE_NUMBER=" + phone, Found(text));

    [Theory]
    [InlineData("Server reachable at 10.2.3.4 from the VPN", "10.2.3.4")]
    [InlineData("Devon's IP was 192.168.1.20, not the gateway", "192.168.1.20")]
    public void Detect_Ipv4WithoutVersionWord_Found(string text, string ip) => Assert.Equal("IP_ADDRESS=" + ip, Found(text));

    [Fact]
    public void Evaluate_NearMissSet_EveryTypeAtLeast095()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "pii-near-misses.json");
        var errors = new List<PiiEvaluationError>();
        var scores = PiiEvaluation.Evaluate(path, null, errors).Where(s => s.Support > 0 || s.FalsePositives > 0).ToList();
        Assert.Equal(["CREDIT_CARD", "PHONE_NUMBER"], scores.Select(s => s.Type));
        foreach (var s in scores) Assert.True(s.F1 >= 0.95, $"{s.Type} F1 {s.F1}: {string.Join("; ", errors.Select(e => e.Value + " in " + e.Context))}");
    }

    [Fact]
    public void Detect_OptInTypes_BuiltInModelFindsNameAndAddress()
    {
        var detector = new PiiDetector([PiiEntityTypes.Person, PiiEntityTypes.StreetAddress]);
        const string text = "Please forward the file to Margaret Okonkwo before Friday.";
        var person = Assert.Single(detector.Detect(text));
        Assert.Equal((PiiEntityTypes.Person, "Margaret Okonkwo"), (person.Type, text.Substring(person.Start, person.Length)));
        const string address = "Billing address: Lars Nilsson\n 27 Kungsgatan Suite 4\n 11455";
        var found = detector.Detect(address).Select(m => m.Type + "=" + address.Substring(m.Start, m.Length)).ToList();
        Assert.Contains(found, f => f.StartsWith("STREET_ADDRESS=27 Kungsgatan", StringComparison.Ordinal));
        // not asserted: the name line "Lars Nilsson" above it — names neither word list knows, in a layout the training
        // templates lack, are a known miss (docs/filters.md, PII)
    }

    [Theory]
    [InlineData("My zip code is 35649", "35649")]
    [InlineData("postcode: SW1A 1AA", "SW1A 1AA")]
    [InlineData("Her ZIP = 90210-1234.", "90210-1234")]
    [InlineData("Postcode 2000, postcode 3056 and 90210 are in the list.", "")]
    [InlineData("ZIP 90210-1234 and ZIP+4 10001-0001 are postal codes.", "")]
    public void Detect_PostcodeGivenAsValue_IsStreetAddressOnlyThen(string text, string expected)
    {
        var found = new PiiDetector([PiiEntityTypes.StreetAddress]).Detect(text);
        Assert.Equal(expected, string.Join("|", found.Select(m => text.Substring(m.Start, m.Length))));
    }

    [Theory]
    [InlineData("Ship to: Ana Costa\n27 Kungsgatan Suite 4 >Stockholm >Sweden 11455\nThanks", "11455")]
    [InlineData("Send it to 27 Kungsgatan Suite 4, Stockholm 11455.", "11455")]
    public void Detect_AddressThenTownAndPostcode_SpanReachesPostcode(string text, string postcode)
    {
        var address = Assert.Single(new PiiDetector([PiiEntityTypes.StreetAddress]).Detect(text));
        Assert.EndsWith(postcode, text.Substring(address.Start, address.Length), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_AddressThenYearAndWords_NoPostcodeTaken()
    {
        const string text = "We met at 27 Kungsgatan Suite 4 in 2021 and again later.";
        var address = Assert.Single(new PiiDetector([PiiEntityTypes.StreetAddress]).Detect(text));
        Assert.DoesNotContain("2021", text.Substring(address.Start, address.Length), StringComparison.Ordinal);
    }

    [Fact]
    public void Detect_DefaultTypes_NoPersonOrAddress()
    {
        Assert.Empty(Detector.Detect("Please forward the file to Margaret Okonkwo at 27 Kungsgatan Suite 4."));
        Assert.DoesNotContain(PiiEntityTypes.Person, Detector.Types);
        Assert.Throws<ArgumentException>(() => new PiiDetector(["NICKNAME"]));
    }

    [Fact]
    public void Options_OptInTypes_ValidAndRedacted()
    {
        Assert.Empty(new PiiOptions { Types = ["PERSON", "street_address", "EMAIL"] }.Validate());
        Assert.Single(new PiiOptions { Types = ["NICKNAME"] }.Validate());
        var o = Docs.Run(new PiiFilter(new PiiOptions { Mode = "redact", Types = ["PERSON", "EMAIL"] }), "Please forward the file to Margaret Okonkwo or bob@example.com today.");
        Assert.Equal("Please forward the file to <PERSON> or <EMAIL> today.", o.Document.Text);
    }

    [Fact]
    public void Evaluate_OnePredictionOverSeveralLabels_RecallCountsLabels()
    {
        using var dir = new TempDir();
        const string text = "Ship to:\n 27 Kungsgatan\n Suite 4\n 11455 Stockholm";
        int a = text.IndexOf("27", StringComparison.Ordinal), b = text.IndexOf("Suite", StringComparison.Ordinal), c = text.IndexOf("11455", StringComparison.Ordinal);
        File.WriteAllText(dir.File("set.json"), $$"""
            [{"full_text": {{System.Text.Json.JsonSerializer.Serialize(text)}}, "spans": [
              {"entity_type": "ADDRESS", "start_position": {{a}}, "end_position": {{a + 12}}},
              {"entity_type": "ADDRESS", "start_position": {{b}}, "end_position": {{b + 7}}},
              {"entity_type": "ADDRESS", "start_position": {{c}}, "end_position": {{c + 5}}}]}]
            """);
        var score = Assert.Single(PiiEvaluation.Evaluate(dir.File("set.json"), new PiiDetector([PiiEntityTypes.StreetAddress])));
        Assert.Equal(3, score.Support);
        Assert.Equal(score.MatchedLabels, 3 - score.FalseNegatives);
        Assert.True(score.TruePositives <= score.MatchedLabels, "one span may find several labelled parts");
        Assert.Equal(1.0, score.Precision);
        Assert.True(score.Recall >= 2 / 3.0, $"recall {score.Recall}");
    }

    [SharedDataFact("pii/generated_large.json", "pii/generated_small.json", "corpora/sotu.jsonl")]
    public void EntityModel_ShippedRun_ReproducesBuiltInModelAndHeldOutFigures()
    {
        string large = SharedData.PathOf("pii/generated_large.json"), small = SharedData.PathOf("pii/generated_small.json");
        var model = PiiEntityModel.Train([large, small], [SharedData.PathOf("corpora/sotu.jsonl")]);
        using var dir = new TempDir();
        model.Save(dir.File("m.bin"));
        using var shipped = typeof(PiiEntityModel).Assembly.GetManifestResourceStream("Pipeline.Filters.Pii.pii-entities.bin")!;
        using var copy = new MemoryStream();
        shipped.CopyTo(copy);
        Assert.True(copy.ToArray().AsSpan().SequenceEqual(File.ReadAllBytes(dir.File("m.bin"))), "the built-in entity model differs from a fresh `pipeline pii train` run");
        var detector = new PiiDetector(PiiEntityTypes.OptIn, model);
        var scores = PiiEvaluation.Evaluate(large, detector, null, PiiSplit.HeldOut).ToDictionary(s => s.Type);
        // Achieved on held-out templates (docs/filters.md): PERSON P 0.9463 F1 0.9443, STREET_ADDRESS P 1.0 F1 0.9774.
        Assert.True(scores["PERSON"].F1 >= 0.944 && scores["PERSON"].Precision >= 0.94, $"PERSON P {scores["PERSON"].Precision} F1 {scores["PERSON"].F1}");
        Assert.True(scores["STREET_ADDRESS"].F1 >= 0.97 && scores["STREET_ADDRESS"].Precision >= 0.99, $"STREET_ADDRESS P {scores["STREET_ADDRESS"].Precision} F1 {scores["STREET_ADDRESS"].F1}");
        // generated_small, every record (PERSON 0.9623, STREET_ADDRESS 0.9663)
        var second = PiiEvaluation.Evaluate(small, detector, null, PiiSplit.All).ToDictionary(s => s.Type);
        Assert.True(second["PERSON"].F1 >= 0.96 && second["STREET_ADDRESS"].F1 >= 0.95, $"generated_small PERSON F1 {second["PERSON"].F1}, STREET_ADDRESS F1 {second["STREET_ADDRESS"].F1}");
    }

    [Theory]
    [InlineData("Phone: +44 20 7946 0958")]
    [InlineData("Apple released a new phone in September.")]
    [InlineData("Requires Python 3.11.4 and node 18.17.1.")]
    [InlineData("I flew from London to Sydney last week.")]
    [InlineData("Weather: sunny with light wind.")]
    public void Detect_CapitalisedOrCommonNonNames_NoPerson(string text) =>
        Assert.Empty(new PiiDetector([PiiEntityTypes.Person]).Detect(text).Select(m => text.Substring(m.Start, m.Length)));

    [Theory]
    [InlineData("Mr. Young is a retired teacher who grew up in Leeds.", "Mr. Young")]
    [InlineData("The twins were called Malon, Kaylee and Jennifer.", "Malon|Kaylee|Jennifer")]
    [InlineData("The draft was written by Anna Kowalczyk. Afterwards Kowalczyk said it needed more work.", "Anna Kowalczyk|Kowalczyk")]
    public void Detect_TitledOrListedNames_OnlyTheNamesFound(string text, string expected) =>
        Assert.Equal(expected, Persons(text));

    [Theory]
    [InlineData("The letter was signed by Prof. Hendrik Vos and two colleagues.", "Prof. Hendrik Vos")]
    [InlineData("Good morning, this is Dr. Amara Lindqvist speaking.", "Dr. Amara Lindqvist")]
    public void Detect_NameAfterTitle_SpanStartsAtTitle(string text, string expected) =>
        Assert.Equal(expected, Persons(text));

    [Theory]
    [InlineData("Dear Ngozi, thank you for your letter.", "Ngozi")]
    [InlineData("They call me Wiremu at work.", "Wiremu")]
    [InlineData("She was born in 1956. Her maiden name is Kvalstad", "Kvalstad")]
    [InlineData("Thanks for the update.\nRegards,\nOyelaran", "Oyelaran")]
    [InlineData("See you soon.\nCheers,\nTamsin", "Tamsin")]
    [InlineData("Hi, Tamsin. Long time.", "Tamsin")]
    [InlineData("Thanks, Google!", "")]
    [InlineData("Where did you put the keys, Denmark?", "")]
    [InlineData("Hi there, I'm back.", "")]
    [InlineData("Dear Sir, I'm writing to complain.", "")]
    [InlineData("Call me later, I'm busy.", "")]
    public void Detect_NameAfterGreetingSignOffOrNamingPhrase_Found(string text, string expected) =>
        Assert.Equal(expected, Persons(text));

    [Fact]
    public void Detect_PronounContractionBesideName_NotListedAsName() =>
        Assert.Equal("Teodora", Persons("Hi Teodora, I'm back from the trip."));

    /// <summary>The PERSON spans the built-in model finds in <paramref name="text"/>, joined by '|'.</summary>
    private static string Persons(string text) =>
        string.Join("|", new PiiDetector([PiiEntityTypes.Person]).Detect(text).Select(m => text.Substring(m.Start, m.Length)));

    [SharedDataFact("pii/generated_large.json", "pii/generated_small.json", "corpora/sotu.jsonl")]
    public void Detect_ListOfNamesInUnseenLayout_MostNamesFound() =>
        AssertUnseenLayoutRecall("159", 0.85); // "They had 6: Layla, Harry, Michele, James, Erika and Shelley." (before: R 0.754)

    [SharedDataFact("pii/generated_large.json", "pii/generated_small.json", "corpora/sotu.jsonl")]
    public void Detect_NameAddressedAtSentenceEndInUnseenLayout_Found() =>
        AssertUnseenLayoutRecall("100", 0.45); // "… but Georgina just has to get laid. Don't go to town, Judy!" (before: R 0.053)

    private static void AssertUnseenLayoutRecall(string template, double minRecall)
    {
        // scored by the cross-validation model that never saw the template's fifth of the layouts (this one among them):
        // a list whose words are mostly known names is a list of names, a word addressed at the end of a sentence is one
        string large = SharedData.PathOf("pii/generated_large.json"), small = SharedData.PathOf("pii/generated_small.json");
        var sample = PiiRecord.ReadAll(large).First(r => r.Template == template);
        int fold = Enumerable.Range(0, 5).First(f => sample.IsHeldOut((f + 1) / 5.0) && !sample.IsHeldOut(f / 5.0));
        bool HeldOut(PiiRecord r) => r.IsHeldOut((fold + 1) / 5.0) && !r.IsHeldOut(fold / 5.0);
        var model = PiiEntityModel.Train([large, small], [SharedData.PathOf("corpora/sotu.jsonl")], HeldOut);
        var score = PiiEvaluation.Evaluate(large, new PiiDetector([PiiEntityTypes.Person], model), null, r => r.Template == template).Single();
        Assert.True(score.Support >= 30, $"support {score.Support}");
        Assert.True(score.Recall >= minRecall && score.Precision >= 0.95, $"P {score.Precision} R {score.Recall}");
    }

    [Fact]
    public void CrossValidate_TwoFolds_EveryRecordScoredOnce()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Data", "pii-near-misses.json");
        var all = PiiEvaluation.Evaluate(path, new PiiDetector(PiiEntityTypes.OptIn), null, PiiSplit.All).ToDictionary(s => s.Type);
        var folded = PiiEntityModel.CrossValidate([path], null, path, folds: 2).ToDictionary(s => s.Type);
        Assert.Equal(PiiEntityTypes.OptIn, folded.Keys);
        foreach (var type in PiiEntityTypes.OptIn) Assert.Equal(all[type].Support, folded[type].Support);
        Assert.Throws<ArgumentOutOfRangeException>(() => PiiEntityModel.CrossValidate([path], null, path, folds: 1));
    }

    [Fact]
    public void EntityModel_VersionOneFile_RejectedWithReason()
    {
        using var dir = new TempDir();
        using (var w = new BinaryWriter(File.Create(dir.File("old.bin"))))
        {
            w.Write(0x4D455050);
            w.Write(1);
            w.Write(10);
            w.Write(2);
        }
        var ex = Assert.Throws<InvalidDataException>(() => PiiEntityModel.Load(dir.File("old.bin")));
        Assert.Contains("version 1", ex.Message, StringComparison.Ordinal);
    }
}
