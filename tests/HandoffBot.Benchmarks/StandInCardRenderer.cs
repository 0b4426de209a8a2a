using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;

namespace HandoffBot.Benchmarks;

/// <summary>
/// Stands in for the real renderer only while none is registered (TeamsWorld adds it with TryAdd):
/// a card whose text is the notification's summary, banner and errors, with the verbs as buttons.
/// </summary>
internal sealed class StandInCardRenderer : ICardRenderer
{
    public RenderedCard Render(ChatPlatform platform, Notification notification, CardState? state = null)
    {
        var verbs = notification switch
        {
            BriefNotification => new[] { "brief.accept", "brief.reject", "brief.ask" },
            ContextRequestNotification => ["context.save", "context.submit"],
            _ => [],
        };
        var body = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = notification.Summary });
        if (state?.Banner is { } banner) body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = banner });
        foreach (var e in state?.Errors ?? []) body.Add(new JsonObject { ["type"] = "TextBlock", ["text"] = e.Field + ": " + e.Message });
        var actions = new JsonArray();
        if (state?.ShowActions ?? true) foreach (var v in verbs) actions.Add(new JsonObject { ["type"] = "Action.Execute", ["verb"] = v });
        var name = notification.GetType().Name.Replace("Notification", "", StringComparison.Ordinal).ToLowerInvariant();
        return new RenderedCard(name, notification.Summary, new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = body, ["actions"] = actions });
    }

    public RenderedCard Render(ChatPlatform platform, ChatCommandResult result) =>
        new(result.GetType().Name, result.ToString(), new JsonObject { ["type"] = "AdaptiveCard", ["version"] = "1.5", ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = result.ToString() }) });

    public RenderedCard RenderError(ChatPlatform platform, string message) =>
        new("error", message, new JsonObject { ["type"] = "AdaptiveCard", ["body"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = message }) });

    public RenderedCard RenderSlackModal(string modal, Handoff handoff, CardState? state = null) => throw new NotSupportedException();
}
