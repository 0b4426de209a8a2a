using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cli;
using HandoffBot.Core.Handoffs;
using HandoffBot.Timing;

namespace HandoffBot.Cards;

/// <summary>
/// <c>render-cards &lt;dir&gt;</c>: every card with each of its sample data sets, exactly as the bot
/// would send it, as <c>&lt;dir&gt;/teams/&lt;card&gt;.&lt;set&gt;.json</c> and <c>&lt;dir&gt;/slack/…</c>, and the
/// digest's charts as <c>images/*.png</c>; with <c>--data</c> also the template data beside each
/// (<c>….data.json</c>, <c>….raw.json</c>, for the differential check).
/// <c>render-cards --samples &lt;cards dir&gt;</c> writes the sample data file beside every template
/// (<c>cards/teams/brief.data.json</c>: what the Adaptive Cards Designer opens with the template).
/// Fails when any card fell back (a binding that did not resolve).
/// </summary>
public sealed class RenderCardsCommand(CardTemplates templates) : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new(TemplateCardRenderer.DataJson) { WriteIndented = true };

    public string Name => "render-cards";

    public string Usage => "render-cards <dir> [--data] | render-cards --samples <cards dir>   every card × sample set as the bot would send it";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var dir = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal));
        if (dir is null)
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }

        if (args.Contains("--samples"))
        {
            var written = await WriteSamplesAsync(dir, ct);
            await output.WriteLineAsync($"Wrote {written} sample data files to {Path.GetFullPath(dir)}.");
            return 0;
        }

        var withData = args.Contains("--data");
        var problems = new CardProblems();
        var count = 0;
        foreach (var set in CardSamples.Sets)
        {
            var renderer = CardSamples.Renderer(set, templates, problems);
            foreach (var sample in CardSamples.For(set))
            {
                foreach (var (platform, card) in await RenderAsync(renderer, sample, ct))
                {
                    var folder = Path.Combine(dir, platform == ChatPlatform.Teams ? "teams" : "slack");
                    Directory.CreateDirectory(folder);
                    var path = Path.Combine(folder, $"{sample.Card}.{sample.Set}.json");
                    await File.WriteAllTextAsync(path, card.Payload.ToJsonString(Indented), ct);
                    if (withData)
                    {
                        var (template, data) = CardSamples.Data(sample, platform);
                        var wrapped = new JsonObject { ["template"] = template, ["data"] = data.DeepClone() };
                        await File.WriteAllTextAsync(Path.ChangeExtension(path, ".data.json"), wrapped.ToJsonString(Indented), ct);
                        var raw = templates.Get(template).Expand(data, strict: true);
                        await File.WriteAllTextAsync(Path.ChangeExtension(path, ".raw.json"), raw?.ToJsonString(Indented) ?? "null", ct);
                    }

                    count++;
                }
            }
        }

        // The digest's charts as the bot draws them, for the screenshot script (cards link to them by URL).
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        await File.WriteAllBytesAsync(Path.Combine(dir, "images", "digest.png"), DigestCharts.Render(CardSamples.Chart), ct);
        await File.WriteAllBytesAsync(Path.Combine(dir, "images", "churn.png"), DigestCharts.Render(CardSamples.ChurnChart), ct);

        if (problems.Count > 0)
        {
            foreach (var p in problems.Recent.Take(10))
            {
                await error.WriteLineAsync($"{p.Template}: {p.Problem} (sent {p.SentInstead})");
            }

            await error.WriteLineAsync($"{problems.Count} card(s) fell back: a template binds data its card does not have.");
            return 1;
        }

        await output.WriteLineAsync($"Wrote {count} cards to {Path.GetFullPath(dir)}.");
        return 0;
    }

    /// <summary>Every platform rendering of a sample (a Slack modal exists on Slack only).</summary>
    public static async Task<List<(ChatPlatform Platform, RenderedCard Card)>> RenderAsync(ICardRenderer renderer, CardSamples.Sample sample, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(sample);
        var state = (sample.State ?? new CardState()) with { Reader = sample.Reader };
        if (sample.Modal is { } modal)
        {
            return [(ChatPlatform.Slack, await renderer.RenderSlackModalAsync(modal, sample.Handoff!, state, ct))];
        }

        var cards = new List<(ChatPlatform, RenderedCard)>();
        foreach (var platform in new[] { ChatPlatform.Teams, ChatPlatform.Slack })
        {
            cards.Add((platform, sample switch
            {
                { Notification: { } n } => await renderer.RenderAsync(platform, n, state, ct),
                { Command: { } c } => await renderer.RenderAsync(platform, c, sample.Reader, ct),
                _ => await renderer.RenderErrorAsync(platform, sample.Error ?? "", ct),
            }));
        }

        return cards;
    }

    /// <summary>The sample data of every template: the first typical sample that fills it.</summary>
    public static IReadOnlyDictionary<string, JsonObject> Samples()
    {
        var samples = new SortedDictionary<string, JsonObject>(StringComparer.Ordinal);
        foreach (var sample in CardSamples.For("typical"))
        {
            foreach (var platform in sample.Modal is null ? new[] { ChatPlatform.Teams, ChatPlatform.Slack } : [ChatPlatform.Slack])
            {
                var (template, data) = CardSamples.Data(sample, platform);
                samples.TryAdd(template, data);
            }
        }

        return samples;
    }

    public static string SampleJson(JsonObject data) => data.ToJsonString(Indented) + "\n";

    private static async Task<int> WriteSamplesAsync(string dir, CancellationToken ct)
    {
        var count = 0;
        foreach (var (template, data) in Samples())
        {
            var path = Path.Combine(dir, template + ".data.json");
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await File.WriteAllTextAsync(path, SampleJson(data), ct);
            count++;
        }

        return count;
    }
}
