using System.Globalization;
using HandoffBot.Cli;
using HandoffBot.Core.Brief;
using Microsoft.Extensions.Options;

namespace HandoffBot.Ai;

/// <summary>
/// `eval-brief <folder> [--llm] [--verbose] [--check]`: scores the extractor against the labels
/// beside each source (precision, recall, F1 per kind; docs/ai-brief.md). --check exits 1 when a
/// kind is below its target (F1 0.8 for commitments and risks, 0.7 for the rest).
/// </summary>
public sealed class EvalBriefCommand(BriefExtractors extractors, IOptions<AiOptions> options) : ICliCommand
{
    public static readonly IReadOnlyDictionary<string, double> Targets = new Dictionary<string, double>
    {
        ["commitments"] = 0.8, ["goals"] = 0.7, ["successCriteria"] = 0.7, ["stakeholders"] = 0.7, ["risks"] = 0.8, ["specialTerms"] = 0.7,
    };

    public string Name => "eval-brief";

    public string Usage => "eval-brief <folder> [--llm] [--verbose] [--check] [--floor F1]   score the AI brief against labelled sources";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        double? floor = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--floor" && i + 1 < args.Count && double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var f))
            {
                floor = f;
                i++;
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        args = rest;
        var folder = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        var unknown = args.FirstOrDefault(a => a.StartsWith("--", StringComparison.Ordinal) && a is not ("--llm" or "--verbose" or "-v" or "--check"));
        if (folder is null || unknown is not null)
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }

        if (!Directory.Exists(folder))
        {
            await error.WriteLineAsync($"{folder}: folder not found.");
            return 2;
        }

        var extractor = args.Contains("--llm") ? extractors.Preferred : extractors.Offline;
        var (report, cases, problems) = await BriefEvaluation.RunAsync(folder, extractor, options.Value.MaxSourceChars, ct);
        foreach (var p in problems)
        {
            await error.WriteLineAsync(p);
        }

        await output.WriteLineAsync($"extractor: {extractor.Name}; {report.Sources} labelled source(s); {report.SourceErrors} source error(s); {report.Dropped} item(s) dropped by the grounding check; {cases.Sum(c => c.NotVerbatim)} quote(s) not verbatim in their file");
        await output.WriteLineAsync($"{"kind",-16} {"precision",9} {"recall",7} {"F1",6} {"target",7}  matched/predicted/labelled  attribute agreement");
        var failed = false;
        foreach (var k in report.Kinds)
        {
            var target = Targets[k.Kind];
            failed |= k.F1 < target;
            var attribute = k.Attribute == "-" ? "" : $"{k.Attribute} {P(k.AttributeAccuracy)}";
            await output.WriteLineAsync($"{k.Kind,-16} {P(k.Precision),9} {P(k.Recall),7} {P(k.F1),6} {P(target),7}  {k.Matched,7}/{k.Predicted}/{k.Labelled,-14} {attribute}");
        }

        var matched = report.Kinds.Sum(k => k.Matched);
        var predicted = report.Kinds.Sum(k => k.Predicted);
        var labelled = report.Kinds.Sum(k => k.Labelled);
        var microP = predicted == 0 ? 0 : (double)matched / predicted;
        var microR = labelled == 0 ? 0 : (double)matched / labelled;
        var microF1 = microP + microR == 0 ? 0 : 2 * microP * microR / (microP + microR);
        await output.WriteLineAsync($"{"all (micro)",-16} {P(microP),9} {P(microR),7} {P(microF1),6} {"",7}  {matched,7}/{predicted}/{labelled}");
        if (floor is { } min && microF1 < min)
        {
            await error.WriteLineAsync($"micro F1 {P(microF1)} is under the floor {P(min)}.");
            return 1;
        }

        if (args.Contains("--verbose") || args.Contains("-v"))
        {
            foreach (var m in report.Misses)
            {
                await output.WriteLineAsync($"{(m.FalsePositive ? "FP" : "FN")} {m.Source} {m.Kind}: \"{m.Quote}\"");
            }
        }

        return args.Contains("--check") && failed ? 1 : 0;
    }

    private static string P(double x) => x.ToString("0.00", CultureInfo.InvariantCulture);
}
