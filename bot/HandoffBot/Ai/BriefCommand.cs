using System.Globalization;
using HandoffBot.Cli;
using HandoffBot.Core.Brief;
using Microsoft.Extensions.Options;

namespace HandoffBot.Ai;

/// <summary>
/// `brief <source file>... [--offline] [--seller NAME] [--account NAME] [--date yyyy-MM-dd]`:
/// drafts the brief for those files and prints it as JSON in the label format, with id, source,
/// speaker, timestamp and confidence on each item. Unreadable files are listed under "errors"
/// (exit code 1); the others are still drafted.
/// </summary>
public sealed class BriefCommand(BriefExtractors extractors, IOptions<AiOptions> options) : ICliCommand
{
    public string Name => "brief";

    public string Usage => "brief <file>... [--offline] [--seller NAME] [--date yyyy-MM-dd]   draft the AI brief for notes/transcripts as JSON";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var files = new List<string>();
        var sellers = new List<string>();
        string? account = null;
        DateOnly? date = null;
        var offline = false;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--offline":
                    offline = true;
                    break;
                case "--seller" when i + 1 < args.Count:
                    sellers.Add(args[++i]);
                    break;
                case "--account" when i + 1 < args.Count:
                    account = args[++i];
                    break;
                case "--date" when i + 1 < args.Count && DateOnly.TryParseExact(args[i + 1], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d):
                    date = d;
                    i++;
                    break;
                case var a when a.StartsWith("--", StringComparison.Ordinal):
                    await error.WriteLineAsync($"Unknown or incomplete option {a}. Usage: {Usage}");
                    return 2;
                default:
                    files.Add(args[i]);
                    break;
            }
        }

        if (files.Count == 0)
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }

        var sources = new List<Core.Brief.Sources.BriefSource>();
        var errors = new List<SourceError>();
        var hints = DealHints.None;
        foreach (var file in files)
        {
            var loaded = await SourceFiles.LoadAsync(file, options.Value.MaxSourceChars, ct);
            if (loaded.Source is { } source)
            {
                sources.Add(date is { } day ? source with { Date = source.Date ?? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) } : source);
            }
            else
            {
                errors.Add(loaded.Error!);
            }

            hints = Merge(hints, loaded.Hints);
        }

        hints = hints with
        {
            SellerNames = [.. hints.SellerNames, .. sellers],
            AccountName = account ?? hints.AccountName,
            ReferenceDate = date ?? hints.ReferenceDate,
        };
        var extractor = offline ? extractors.Offline : extractors.Preferred;
        var draft = await extractor.ExtractAsync(new BriefRequest(sources, hints), ct);
        draft = draft with { SourceErrors = [.. errors, .. draft.SourceErrors] };
        await output.WriteLineAsync(BriefJson.Serialize(BriefJson.FromDraft(draft)));
        foreach (var e in draft.SourceErrors)
        {
            await error.WriteLineAsync(e.Message);
        }

        return draft.SourceErrors.Count == 0 ? 0 : 1;
    }

    private static DealHints Merge(DealHints a, DealHints b) => a with
    {
        AccountName = a.AccountName ?? b.AccountName,
        SellerNames = [.. a.SellerNames.Union(b.SellerNames, StringComparer.OrdinalIgnoreCase)],
        Contacts = [.. a.Contacts, .. b.Contacts],
        ReferenceDate = a.ReferenceDate ?? b.ReferenceDate,
    };
}
