// Stand-in until the real card renderer (services.AddCards()) is on main: registered with TryAdd, so the real one wins.
using System.Text.Json.Nodes;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Cards;
namespace HandoffBot.Slack;
public sealed class StandInCardRenderer : ICardRenderer
{
    public RenderedCard Render(ChatPlatform platform, Notification notification, CardState? state = null) =>
        new(notification.GetType().Name, notification.Summary, new JsonObject { ["blocks"] = new JsonArray(new JsonObject { ["type"] = "section", ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = notification.Summary + (state?.Banner ?? "") } }) });
    public RenderedCard Render(ChatPlatform platform, ChatCommandResult result) =>
        new(result.GetType().Name, result.ToString() ?? "", new JsonObject { ["blocks"] = new JsonArray() });
    public RenderedCard RenderError(ChatPlatform platform, string message) => new("error", message, new JsonObject { ["blocks"] = new JsonArray() });
    public RenderedCard RenderSlackModal(string modal, Handoff handoff, CardState? state = null) =>
        new(modal, modal, new JsonObject { ["type"] = "modal", ["callback_id"] = modal, ["blocks"] = new JsonArray() });
}
