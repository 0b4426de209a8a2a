using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Learned;
using HandoffBot.Core.Brief.Offline;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>Whose words, the learned layer's training and thresholds, and the held-out corpus' integrity.</summary>
public sealed class LearnedLayerTests
{
    [Theory]
    [InlineData("PROSPECT")]
    [InlineData("Prospect")]
    [InlineData("Speaker 1")]
    [InlineData("Sales Rep")]
    [InlineData("**REP**")]
    [InlineData("Customer")]
    public void SpeakerLabel_RoleOrPlaceholder_IsNeverAPerson(string label)
    {
        Assert.Null(SpeakerLabels.PersonOf(label));
    }

    [Theory]
    [InlineData("AE (Jordan)", "Jordan", true)]
    [InlineData("Prospect (Priya – RevOps Director)", "Priya", false)]
    [InlineData("Sales Rep", null, true)]
    [InlineData("Customer", null, false)]
    [InlineData("Dana Ruiz", "Dana Ruiz", null)]
    public void SpeakerLabel_SaysPersonAndSide(string label, string? person, bool? seller)
    {
        var parsed = SpeakerLabels.Parse(label);

        Assert.Equal(person, parsed.Person);
        Assert.Equal(seller, parsed.Seller);
    }

    [Fact]
    public void Sides_SelfIntroductionFromACompany_IsOurSide_AndTheOtherSpeakerTheCustomer()
    {
        var source = Parse(Transcript("Alex: Good morning, Mr. Johnson. I'm Alex from GreenGrow Agricultural Solutions. Thanks for meeting me.\nMr. Johnson: Morning, Alex.\nAlex: Our team will install soil sensors across your fields.\nMr. Johnson: That could certainly help cut costs.\n"));
        var views = OfflineBriefExtractor.Views(source, DealHints.None);

        Assert.True(views.First(v => v.Sentence.Speaker == "Alex").BySeller);
        Assert.True(views.First(v => v.Sentence.Speaker == "Mr. Johnson").ByCustomer);
        Assert.False(LearnedLayer.Allowed(LearnedLayer.Risks, views.First(v => v.Sentence.Speaker == "Alex")));
        Assert.False(LearnedLayer.Allowed(LearnedLayer.Commitments, views.First(v => v.Sentence.Speaker == "Mr. Johnson")));
    }

    [Fact]
    public void Stakeholders_NeverFromARoleLabel()
    {
        var source = Parse(Transcript("REP: Thanks for the time, what do you need?\nPROSPECT: I sign off on the budget for this and I own the decision.\nREP: Great.\nPROSPECT: Our CFO approves anything above that.\n"));
        var candidates = new DraftCandidates();

        OfflineBriefExtractor.Propose(source, DealHints.None, candidates);

        Assert.DoesNotContain(candidates.Stakeholders, s => s.Value.Name.Contains("PROSPECT", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void NoteStructure_FieldsAndActivityHeadersAreNotCandidates_NextStepIs()
    {
        var note = Parse(new BriefSource("n", SourceKind.Note, HandoffBot.Core.Handoffs.TranscriptFormat.Text, null, "Avery Brooks",
            "Stage: Negotiation\nCall logged by Avery Brooks on 3/4/2025\nNext step: we will deliver the migration plan by March 20.\nThey want to cut onboarding time in half.\n"));
        var views = OfflineBriefExtractor.Views(note, DealHints.None);

        Assert.False(LearnedLayer.IsCandidate(views.Single(v => v.Text.StartsWith("Stage", StringComparison.Ordinal))));
        Assert.False(LearnedLayer.IsCandidate(views.Single(v => v.Text.StartsWith("Call logged", StringComparison.Ordinal))));
        Assert.True(NoteStructure.IsNextStep(views.Single(v => v.Text.StartsWith("Next step", StringComparison.Ordinal))));
    }

    [Fact]
    public void Softmax_SameData_SameWeights_SeparatesThreeClasses_AndMaskedClassIsZero()
    {
        float[][] x = [[1, 0, 0], [0.9f, 0.1f, 0], [0, 1, 0], [0.1f, 0.9f, 0], [0, 0, 1], [0, 0.1f, 0.9f]];
        float[][] target = [[1, 0, 0], [1, 0, 0], [0, 1, 0], [0, 1, 0], [0, 0, 1], [0, 0, 1]];
        var all = x.Select(_ => new[] { true, true, true }).ToArray();

        var a = SoftmaxRegression.Train(x, target, all);
        var b = SoftmaxRegression.Train(x, target, all);

        Assert.Equal(a.Weights, b.Weights);
        for (var i = 0; i < x.Length; i++)
        {
            var p = SoftmaxRegression.Score(a.Weights, a.Bias, x[i], [true, true, true]);
            Assert.Equal(Array.IndexOf(target[i], 1f), Array.IndexOf(p, p.Max()));
        }

        var masked = SoftmaxRegression.Score(a.Weights, a.Bias, x[4], [true, true, false]);
        Assert.Equal(0, masked[2]);
        Assert.Equal(1, masked.Sum(), 6);
    }

    [Theory]
    [InlineData(0.6, 0.3, 1)]
    [InlineData(0.2, 0.7, 5)]
    public void Disambiguate_CommitmentOrTerm_KeepsOnlyTheLikelier(double commitment, double term, int kept)
    {
        double[] p = [0.1, commitment, 0, 0, 0, term];

        LearnedLayer.Disambiguate(p);

        Assert.True(p[kept] > 0);
        Assert.Equal(0, p[kept == 1 ? 5 : 1]);
    }

    [Fact]
    public void Pick_BestBalancedF1AtTheMinimumBalancedPrecision()
    {
        List<BriefTrainer.KindResult> all =
        [
            new("risks", 0.3, 12, 30, 20), // P 0.40
            new("risks", 0.5, 10, 15, 20), // P 0.67
            new("risks", 0.7, 6, 8, 20),   // P 0.75
            new("risks", 0.9, 2, 2, 20),   // too few matches
        ];
        List<BriefTrainer.KindResult> others =
        [
            new("risks", 0.3, 4, 10, 8),
            new("risks", 0.5, 3, 6, 8),    // P 0.50 on the others, 0.78 on premAI: balanced 0.64, not precise enough
            new("risks", 0.7, 2, 3, 8),    // balanced P 0.74
            new("risks", 0.9, 0, 0, 8),
        ];

        Assert.Equal(0.7, BriefTrainer.Pick(all, others).Threshold);
        Assert.Equal(0.5, BriefTrainer.Pick(all, [.. others.Select(o => o.Threshold == 0.5 ? o with { Matched = 4 } : o)]).Threshold);
    }

    [Fact]
    public void Pick_NoThresholdPreciseOnTheBalancedMix_KindSwitchedOff()
    {
        // Precise on premAI (0.90, 1.00) but not on the other sources (0.20, 0.25): balanced 0.63, 0.59.
        List<BriefTrainer.KindResult> all = [new("goals", 0.5, 10, 15, 20), new("goals", 0.8, 5, 8, 20)];
        List<BriefTrainer.KindResult> others = [new("goals", 0.5, 1, 5, 9), new("goals", 0.8, 1, 4, 9)];

        var picked = BriefTrainer.Pick(all, others);

        Assert.Equal(BriefTrainer.Off, picked.Threshold);
        Assert.Equal(0, picked.Predicted);
    }

    [Fact]
    public void Balanced_WeighsBothPartsEquallyWhateverTheirSize()
    {
        // premAI part: 90/100/100 (P 0.90); other sources: 1/10/10 (P 0.10). Pooled P would be 0.83.
        var (precision, f1) = BriefTrainer.Balanced(new("risks", 0.5, 91, 110, 110), new("risks", 0.5, 1, 10, 10));

        Assert.Equal(0.5, precision, 3);
        Assert.Equal(0.5, f1, 3);
    }

    [Fact]
    public void Platt_KeepsTheOrderOfScores()
    {
        List<(double, bool)> scores = [(0.9, true), (0.8, true), (0.7, false), (0.6, true), (0.3, false), (0.2, false), (0.1, false)];

        var (a, b) = BriefTrainer.Platt(scores);
        var model = new KindModel("risks", 0.5, a, b);

        Assert.True(a > 0);
        Assert.True(model.Calibrate(0.9) > model.Calibrate(0.6));
        Assert.True(model.Calibrate(0.6) > model.Calibrate(0.2));
    }

    [Fact]
    public void TurnContext_ThePriceTheCustomerTakes_IsAccepted_TheOneTheyBalkAt_IsNot()
    {
        var views = OfflineBriefExtractor.Views(Parse(Transcript("Rep: We can do 12% off if you sign a two-year term.\nCustomer: That works for us.\nRep: The premium tier is $90 a seat.\nCustomer: Hmm, that's a lot for us.\n")), DealHints.None);
        var context = new TurnContext(views);

        Assert.True(context.ReplyAccepts(0));
        Assert.False(context.ReplyAccepts(2));
        Assert.True(context.ReplyObjects(2));
    }

    [Fact]
    public void Stakeholders_ACustomerNamedOnlyByHonorificAndSurname_IsFound_OurRepIsNot()
    {
        var source = Parse(Transcript("Alex: Good morning, Dr. Patel. I'm Alex from MediTech Solutions.\nDr. Patel: Morning. I sign off on the budget for the clinic, so pricing comes to me.\nAlex: Great, we will set up the pilot next week.\n"));
        var candidates = new DraftCandidates();

        OfflineBriefExtractor.Propose(source, DealHints.None, candidates);

        var patel = Assert.Single(candidates.Stakeholders);
        Assert.Equal("Dr. Patel", patel.Value.Name);
        Assert.Equal(HandoffBot.Core.Handoffs.StakeholderRole.EconomicBuyer, patel.Value.Role);
    }

    [Theory]
    [InlineData("Goals for next session:", "None")]
    [InlineData("## Call objectives", "None")]
    [InlineData("Goals:", "Goals")]
    [InlineData("## Success criteria", "Success")]
    public void Notes_AMeetingsAimsAreNotTheCustomersGoals(string heading, string expected)
    {
        var note = Parse(new BriefSource("n", SourceKind.Note, HandoffBot.Core.Handoffs.TranscriptFormat.Text, null, "Avery Brooks", heading + "\n- Cut onboarding time from three weeks to one\n"));
        var views = OfflineBriefExtractor.Views(note, DealHints.None);

        Assert.Equal(expected, views.Single(v => v.Text.Contains("onboarding", StringComparison.Ordinal)).Section.ToString());
    }

    [Fact]
    public void Corpus_EverySourceIsInTheSplitTheHashRuleGivesIt()
    {
        var root = Path.Combine(DevSetFolder(), "..", "brief-corpus");
        foreach (var row in File.ReadAllLines(Path.Combine(root, "SOURCES.md")).Where(l => l.StartsWith("| ", StringComparison.Ordinal) && l.Contains(" @ ", StringComparison.Ordinal) && !l.StartsWith("| split", StringComparison.Ordinal)))
        {
            var cells = row.Split('|').Select(c => c.Trim()).ToArray();
            var repository = cells[3][..cells[3].IndexOf(" @ ", StringComparison.Ordinal)];
            var group = repository == BriefTrainer.PremAiRepository ? cells[2] : repository;
            var hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes("brief-corpus-v1:" + group));
            var v = (int)(Convert.ToUInt32(Convert.ToHexString(hash)[..8], 16) % 100);
            var split = v < 40 ? "test" : v < 55 ? "dev" : "train";

            Assert.True(split == cells[1], $"{cells[2]}: in {cells[1]}, the rule says {split}");
            Assert.True(File.Exists(Path.Combine(root, split, cells[2])), $"{cells[2]} is not in {split}/");
        }
    }

    [Fact]
    public async Task Corpus_EveryHeldOutSourceHasVerbatimOneUtteranceLabelsAndASourcesRow()
    {
        var root = Path.Combine(DevSetFolder(), "..", "brief-corpus");
        var sources = await File.ReadAllTextAsync(Path.Combine(root, "SOURCES.md"));
        var files = new[] { "train", "dev", "test" }.SelectMany(s => Directory.EnumerateFiles(Path.Combine(root, s))).Where(SourceFiles.IsSource).ToList();

        Assert.True(files.Count >= 60, $"{files.Count} sources");
        Assert.True(Directory.EnumerateFiles(Path.Combine(root, "test")).Count(SourceFiles.IsSource) >= 20);
        foreach (var path in files)
        {
            Assert.Contains("| " + Path.GetFileName(path) + " |", sources, StringComparison.Ordinal);
            var raw = await File.ReadAllTextAsync(path);
            var labels = BriefJson.Deserialize(await File.ReadAllTextAsync(SourceFiles.Stem(path) + ".labels.json"));
            foreach (var quote in labels.Commitments.Cast<EvidenceItem>().Concat(labels.Goals).Concat(labels.SuccessCriteria).Concat(labels.Stakeholders).Concat(labels.Risks).Concat(labels.SpecialTerms).Select(i => i.Quote))
            {
                Assert.True(raw.Contains(quote, StringComparison.Ordinal), $"{Path.GetFileName(path)}: not verbatim: {quote}");
            }
        }
    }

    [Fact]
    public void Corpus_ExcludesTheRepositoriesReservedForIndependentEvaluation()
    {
        var table = File.ReadAllLines(Path.Combine(DevSetFolder(), "..", "brief-corpus", "SOURCES.md")).Where(l => l.StartsWith("| ", StringComparison.Ordinal));

        foreach (var reserved in new[] { "TribeAI/claude-cowork-brand-voice-plugin", "highlandhodl/coengineers-course", "WGalyean50/salesloft-mcp-demo1", "hgillispie/CRM-API" })
        {
            Assert.DoesNotContain(table, l => l.Contains(reserved, StringComparison.OrdinalIgnoreCase));
        }
    }

    private static string DevSetFolder()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "brief-devset");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/brief-devset");
    }

    private static ParsedSource Parse(BriefSource source) => SourceReader.Read(source).Source!;

    private static BriefSource Transcript(string content) => new("t", SourceKind.Transcript, HandoffBot.Core.Handoffs.TranscriptFormat.Text, null, null, content);
}
