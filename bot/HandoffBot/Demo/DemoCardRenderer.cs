using System.Text.Json.Nodes;
using HandoffBot.Cards;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;

namespace HandoffBot.Demo;

/// <summary>
/// The cards as the shipped renderer makes them; in the demo, the Teams welcome and the brief also carry
/// "Act as …" buttons (the Agents Playground speaks only as its one user), so the AE → CSM → leader
/// story is a matter of clicks. Outside the demo it changes nothing.
/// </summary>
public sealed class DemoCardRenderer(ICardRenderer inner, DemoGate gate, IPeopleDirectory directory) : ICardRenderer
{
    public async Task<RenderedCard> RenderAsync(ChatPlatform platform, Notification notification, CardState? state = null, CancellationToken ct = default)
    {
        var card = await inner.RenderAsync(platform, notification, state, ct);
        if (platform != ChatPlatform.Teams || !gate.ActAsAllowed)
        {
            return card;
        }

        return notification switch
        {
            WelcomeNotification welcome => await WithActAsAsync(card, welcome.Person?.Email ?? state?.Reader, null, DemoPeople.Cast.Select(c => c.Email), ct),
            BriefNotification brief when state?.ShowActions != false && brief.Handoff.Stage == Stage.CsReview =>
                await WithActAsAsync(card, state?.Reader, brief.Handoff.Id, [brief.Handoff.Deal.CsmEmail ?? brief.Handoff.Routing.CsLeadEmail, brief.Handoff.Routing.CsLeadEmail], ct),
            _ => card,
        };
    }

    public Task<RenderedCard> RenderAsync(ChatPlatform platform, ChatCommandResult result, string? readerEmail, CancellationToken ct = default) =>
        inner.RenderAsync(platform, result, readerEmail, ct);

    public Task<RenderedCard> RenderErrorAsync(ChatPlatform platform, string message, CancellationToken ct = default) =>
        inner.RenderErrorAsync(platform, message, ct);

    public Task<RenderedCard> RenderSlackModalAsync(string modal, Handoff handoff, CardState? state = null, CancellationToken ct = default) =>
        inner.RenderSlackModalAsync(modal, handoff, state, ct);

    /// <summary>A one-line banner at the top of a Teams card (e.g. "You now act as Casey Lin (CSM)").</summary>
    public static RenderedCard WithBanner(RenderedCard card, string text)
    {
        ArgumentNullException.ThrowIfNull(card);
        var payload = (JsonObject)card.Payload.DeepClone();
        var body = payload["body"] as JsonArray ?? [];
        body.Insert(0, new JsonObject
        {
            ["type"] = "Container",
            ["id"] = "demo.banner",
            ["style"] = "warning",
            ["bleed"] = true,
            ["items"] = new JsonArray(new JsonObject { ["type"] = "TextBlock", ["text"] = text, ["wrap"] = true, ["weight"] = "Bolder" }),
        });
        payload["body"] = body;
        return card with { Payload = payload };
    }

    private async Task<RenderedCard> WithActAsAsync(RenderedCard card, string? reader, string? handoffId, IEnumerable<string?> emails, CancellationToken ct)
    {
        var buttons = new JsonArray();
        foreach (var email in emails.OfType<string>().Select(Emails.Normalize).Distinct(StringComparer.Ordinal))
        {
            if (reader is not null && Emails.Normalize(reader) == email || await directory.FindAsync(email, ct) is not { } person)
            {
                continue;
            }

            var data = new JsonObject { ["email"] = person.Email };
            if (handoffId is not null)
            {
                data["handoffId"] = handoffId;
            }

            buttons.Add(new JsonObject
            {
                ["type"] = "Action.Execute",
                ["id"] = "demo.actAs." + person.Email,
                ["title"] = $"🎭 Act as {person.Name} ({DemoPeople.RoleOf(person)})",
                ["verb"] = TeamsActAs.Verb,
                ["data"] = data,
            });
        }

        if (buttons.Count == 0)
        {
            return card;
        }

        var payload = (JsonObject)card.Payload.DeepClone();
        var body = payload["body"] as JsonArray ?? [];
        body.Add(new JsonObject
        {
            ["type"] = "Container",
            ["id"] = "demo.actAs",
            ["separator"] = true,
            ["spacing"] = "Medium",
            ["items"] = new JsonArray(
                new JsonObject { ["type"] = "TextBlock", ["text"] = "Demo: play another role", ["weight"] = "Bolder", ["color"] = "Accent", ["wrap"] = true },
                new JsonObject { ["type"] = "ActionSet", ["actions"] = buttons }),
        });
        payload["body"] = body;
        return card with { Payload = payload };
    }
}
