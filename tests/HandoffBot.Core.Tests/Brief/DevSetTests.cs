using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Sources;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>The labelled dev set under tests/brief-devset (docs/ai-brief.md): labels are sound, and the offline extractor meets its targets.</summary>
public sealed class DevSetTests
{
    private static readonly string Folder = FindFolder();

    private static readonly Dictionary<string, double> Targets = new()
    {
        ["commitments"] = 0.8, ["goals"] = 0.7, ["successCriteria"] = 0.7, ["stakeholders"] = 0.7, ["risks"] = 0.8, ["specialTerms"] = 0.7,
    };

    [Fact]
    public void DevSet_HasAtLeast25LabelledSourcesInEveryFormat()
    {
        var sources = Directory.EnumerateFiles(Folder).Where(SourceFiles.IsSource).ToList();

        Assert.True(sources.Count >= 25, $"{sources.Count} sources");
        Assert.All(sources, s => Assert.True(File.Exists(SourceFiles.Stem(s) + ".labels.json"), s));
        foreach (var ext in new[] { ".vtt", ".srt", ".json", ".txt", ".html", ".md" })
        {
            Assert.Contains(sources, s => s.EndsWith(ext, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task DevSet_EveryLabelQuote_IsVerbatimInItsSourceAndGroundable()
    {
        foreach (var path in Directory.EnumerateFiles(Folder).Where(SourceFiles.IsSource))
        {
            var raw = await File.ReadAllTextAsync(path);
            var labels = BriefJson.Deserialize(await File.ReadAllTextAsync(SourceFiles.Stem(path) + ".labels.json"));
            var loaded = await SourceFiles.LoadAsync(path, SourceReader.DefaultMaxChars, CancellationToken.None);
            var grounding = new Grounding(SourceReader.Read(loaded.Source!).Source!);
            var quotes = labels.Commitments.Cast<EvidenceItem>().Concat(labels.Goals).Concat(labels.SuccessCriteria)
                .Concat(labels.Stakeholders).Concat(labels.Risks).Concat(labels.SpecialTerms).Select(i => i.Quote);
            foreach (var quote in quotes)
            {
                Assert.True(raw.Contains(quote, StringComparison.Ordinal), $"{Path.GetFileName(path)}: not verbatim: {quote}");
                Assert.True(grounding.Find(quote) is not null, $"{Path.GetFileName(path)}: not groundable: {quote}");
            }
        }
    }

    [Fact]
    public async Task DevSet_OfflineExtractor_MeetsTheF1Targets()
    {
        var (report, cases, problems) = await BriefEvaluation.RunAsync(Folder, new OfflineBriefExtractor(TimeProvider.System), SourceReader.DefaultMaxChars, CancellationToken.None);

        Assert.Empty(problems);
        Assert.True(cases.Count >= 25);
        Assert.Equal(0, report.SourceErrors);
        Assert.All(report.Kinds, k => Assert.True(k.F1 >= Targets[k.Kind], $"{k.Kind}: F1 {k.F1:0.00} < {Targets[k.Kind]}"));
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "brief-devset");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/brief-devset not found above " + AppContext.BaseDirectory);
    }
}
