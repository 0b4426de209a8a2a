using HandoffBot.Core.Grammar;

namespace HandoffBot.Core.Brief;

/// <summary>Runs an extractor over every labelled source in a folder, one source at a time, and scores it.</summary>
public static class BriefEvaluation
{
    public sealed record Case(string Source, BriefDocument Labels, BriefDocument Predicted)
    {
        /// <summary>Predicted quotes that are not, character for character, in the source file.</summary>
        public int NotVerbatim { get; init; }
    }

    public static async Task<(EvalReport Report, IReadOnlyList<Case> Cases, IReadOnlyList<string> Problems)> RunAsync(string folder, IBriefExtractor extractor, int maxChars, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(extractor);
        var cases = new List<Case>();
        var problems = new List<string>();
        foreach (var path in Directory.EnumerateFiles(folder).Where(SourceFiles.IsSource).Order(StringComparer.Ordinal))
        {
            var labelsPath = SourceFiles.Stem(path) + ".labels.json";
            if (!File.Exists(labelsPath))
            {
                problems.Add($"{Path.GetFileName(path)}: no {Path.GetFileName(labelsPath)} beside it; skipped.");
                continue;
            }

            BriefDocument labels;
            try
            {
                labels = BriefJson.Deserialize(await File.ReadAllTextAsync(labelsPath, ct));
            }
            catch (System.Text.Json.JsonException ex)
            {
                problems.Add($"{Path.GetFileName(labelsPath)}: not valid labels ({ex.Message}); skipped.");
                continue;
            }

            var loaded = await SourceFiles.LoadAsync(path, maxChars, ct);
            var draft = loaded.Source is { } source
                ? await extractor.ExtractAsync(new BriefRequest([source], loaded.Hints), ct)
                : new BriefDraft { SourceErrors = [loaded.Error!] };
            var predicted = BriefJson.FromDraft(draft);
            var content = loaded.Source?.Content ?? "";
            var quotes = ContextGrammar.Drafted.SelectMany(f => f.BriefItems(predicted)).Select(i => i.Quote);
            cases.Add(new Case(Path.GetFileName(path), labels, predicted) { NotVerbatim = quotes.Count(q => !content.Contains(q, StringComparison.Ordinal)) });
        }

        return (BriefEvaluator.Score(cases.Select(c => (c.Source, c.Labels, c.Predicted))), cases, problems);
    }
}
