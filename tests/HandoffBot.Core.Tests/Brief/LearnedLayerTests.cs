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
    public void LogisticRegression_SameData_SameWeights_AndSeparatesALinearlySeparableSet()
    {
        float[][] x = [[1, 0], [0.9f, 0.1f], [0, 1], [0.1f, 0.9f]];
        bool[] y = [true, true, false, false];

        var a = LogisticRegression.Train(x, y);
        var b = LogisticRegression.Train(x, y);

        Assert.Equal(a.Weights, b.Weights);
        Assert.True(LogisticRegression.Score(a.Weights, a.Bias, x[0]) > 0.5);
        Assert.True(LogisticRegression.Score(a.Weights, a.Bias, x[2]) < 0.5);
    }

    [Fact]
    public void Threshold_PicksBestF1AtTheMinimumPrecision()
    {
        List<(double, bool)> scored = [(0.9, true), (0.8, true), (0.7, false), (0.6, true), (0.5, false), (0.4, false), (0.3, true)];

        var (threshold, precision, _) = BriefTrainer.Threshold(scored);

        Assert.True(precision >= BriefTrainer.MinPrecision);
        Assert.Equal(0.6, threshold);
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
