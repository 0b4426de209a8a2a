using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cli;
using HandoffBot.Core.Handoffs;
using HandoffBot.Timing;

namespace HandoffBot.Cards;

/// <summary>
/// <c>render-cards &lt;dir&gt;</c>: every card with each of its sample data sets, exactly as the bot
/// would send it, as <c>&lt;dir&gt;/teams/&lt;card&gt;.&lt;set&gt;.json</c> and <c>&lt;dir&gt;/slack/…</c>;
/// and the digest chart as <c>images/digest-chart.png</c>; with <c>--data</c> also the template data beside each (<c>….data.json</c>, for the differential check).
/// </summary>
public sealed class RenderCardsCommand(CardTemplates templates) : ICliCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public string Name => "render-cards";

    public string Usage => "render-cards <dir> [--data]   write every card × sample set as the bot would send it";

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

        var withData = args.Contains("--data");
        var renderer = new TemplateCardRenderer(templates, new FixedTime(CardSamples.Now));
        var count = 0;
        foreach (var sample in CardSamples.All())
        {
            foreach (var (platform, card) in Render(renderer, sample))
            {
                var folder = Path.Combine(dir, platform == ChatPlatform.Teams ? "teams" : "slack");
                Directory.CreateDirectory(folder);
                var path = Path.Combine(folder, $"{sample.Card}.{sample.Set}.json");
                await File.WriteAllTextAsync(path, card.Payload.ToJsonString(Indented), ct);
                if (withData)
                {
                    var (template, data) = Data(sample, platform);
                    var wrapped = new JsonObject { ["template"] = template, ["data"] = data };
                    await File.WriteAllTextAsync(Path.ChangeExtension(path, ".data.json"), wrapped.ToJsonString(Indented), ct);
                    var raw = templates.Get(template).Expand(data, strict: true);
                    await File.WriteAllTextAsync(Path.ChangeExtension(path, ".raw.json"), raw?.ToJsonString(Indented) ?? "null", ct);
                }

                count++;
            }
        }

        // The digest's chart as the bot draws it, for the screenshot script (cards link to it by URL).
        Directory.CreateDirectory(Path.Combine(dir, "images"));
        await File.WriteAllBytesAsync(Path.Combine(dir, "images", "digest-chart.png"), DigestCharts.Render(CardSamples.Chart), ct);

        await output.WriteLineAsync($"Wrote {count} cards to {Path.GetFullPath(dir)}.");
        return 0;
    }

    /// <summary>Every platform rendering of a sample (a Slack modal exists on Slack only).</summary>
    public static IEnumerable<(ChatPlatform Platform, RenderedCard Card)> Render(ICardRenderer renderer, CardSamples.Sample sample)
    {
        ArgumentNullException.ThrowIfNull(renderer);
        ArgumentNullException.ThrowIfNull(sample);
        if (sample.Modal is { } modal)
        {
            yield return (ChatPlatform.Slack, renderer.RenderSlackModal(modal, sample.Handoff!, sample.State));
            yield break;
        }

        foreach (var platform in new[] { ChatPlatform.Teams, ChatPlatform.Slack })
        {
            yield return (platform, sample switch
            {
                { Notification: { } n } => renderer.Render(platform, n, sample.State),
                { Command: { } c } => renderer.Render(platform, c),
                _ => renderer.RenderError(platform, sample.Error ?? ""),
            });
        }
    }

    /// <summary>The template name and the data a sample fills it with.</summary>
    public static (string Template, JsonObject Data) Data(CardSamples.Sample sample, ChatPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var state = sample.State ?? new CardState();
        if (sample.Modal is { } modal)
        {
            var (m, callbackId, item, submit) = Models.CommandCards.Modal(modal, sample.Handoff!, state);
            return ("slack/modal", Models.CardData.SlackModal(m, callbackId, sample.Handoff!.Id, item, submit));
        }

        var model = sample switch
        {
            { Notification: { } n } => Models.NotificationCards.Build(n, platform, state, CardSamples.Now),
            { Command: { } c } => Models.CommandCards.Build(c, platform, CardSamples.Now),
            _ => Models.CommandCards.Error(sample.Error ?? ""),
        };
        if (state.Banner is { Length: > 0 } banner)
        {
            model.Banner = banner;
            model.BannerColor = "Accent";
        }

        var name = platform == ChatPlatform.Teams ? "teams/message" : "slack/message";
        return (name, TemplateCardRenderer.DataFor(platform, model, state.ShowActions));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
