using System.Text.Json.Nodes;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;

namespace HandoffBot.Cards;

/// <summary>
/// Renders everything the bot says as the platform's card format, from one template per card in
/// <c>cards/</c> (or its override): Teams gets an Adaptive Card (≤ 1.5), Slack gets Block Kit. The
/// adapters never build card JSON themselves. Cards are rendered for a reader when there is one
/// (<see cref="CardState.Reader"/>): people by name, "you", times in the reader's zone, buttons only
/// for someone who may press them. A template that fails is logged and replaced by a fallback card.
/// </summary>
public interface ICardRenderer
{
    /// <summary>A notification (context request, brief, reminder, digest…).</summary>
    Task<RenderedCard> RenderAsync(ChatPlatform platform, Notification notification, CardState? state = null, CancellationToken ct = default);

    /// <summary>The answer to a chat command (help, my handoffs, status, who owns, reassign, digest), for the person who asked.</summary>
    Task<RenderedCard> RenderAsync(ChatPlatform platform, ChatCommandResult result, string? readerEmail, CancellationToken ct = default);

    /// <summary>The error card: something went wrong or was refused; <paramref name="message"/> is for the person.</summary>
    Task<RenderedCard> RenderErrorAsync(ChatPlatform platform, string message, CancellationToken ct = default);

    /// <summary>A Slack modal view (<see cref="SlackModals"/>) for a handoff, e.g. Reject with reason and comment.</summary>
    Task<RenderedCard> RenderSlackModalAsync(string modal, Handoff handoff, CardState? state = null, CancellationToken ct = default);
}

/// <summary>
/// What the platform sends. Teams: <see cref="Payload"/> is the Adaptive Card object (the
/// attachment's content). Slack: <c>{"blocks":[…]}</c> for a message, the whole view object for a modal.
/// </summary>
/// <param name="Template">The template's name (e.g. <c>brief</c>), for logs and tests.</param>
/// <param name="Text">Plain-text fallback: notification preview, Slack's <c>text</c>.</param>
public sealed record RenderedCard(string Template, string Text, JsonObject Payload);

/// <summary>How to render a card for this moment.</summary>
/// <param name="ShowActions">False renders the card read-only (the shared Teams card everyone sees before their client refreshes it).</param>
/// <param name="Values">Values the person entered, shown again when the card comes back with errors.</param>
/// <param name="Errors">Per-input validation messages (input id → message).</param>
/// <param name="Banner">A one-line confirmation or refusal shown at the top ("Saved — 2 fields to go").</param>
/// <param name="RefreshUserIds">Teams Universal Actions: the user ids whose client refreshes the card (≤ 60).</param>
/// <param name="Reader">The email of the person the card is rendered for (a personal chat, an invoke, a refresh); null for a card many people see.</param>
public sealed record CardState(
    bool ShowActions = true,
    IReadOnlyDictionary<string, string?>? Values = null,
    IReadOnlyList<FieldError>? Errors = null,
    string? Banner = null,
    IReadOnlyList<string>? RefreshUserIds = null,
    string? Reader = null);

/// <summary>The Slack modals (<c>callback_id</c> = the action verb they submit).</summary>
public static class SlackModals
{
    /// <summary>The AE's context form (opened from the DM's "Fill in" button).</summary>
    public const string Context = "context";

    /// <summary>Reject with reason code and comment.</summary>
    public const string Reject = "reject";

    /// <summary>Ask the AE a question.</summary>
    public const string Ask = "ask";

    /// <summary>The AE's answer to a question (<see cref="CardState.Values"/> carries "item" = question id).</summary>
    public const string Answer = "answer";

    /// <summary>Reassign the stage to someone else (escalation).</summary>
    public const string Reassign = "reassign";

    /// <summary>Book the kickoff (date).</summary>
    public const string Kickoff = "kickoff";

    /// <summary>The post-sale poll (<see cref="CardState.Values"/> carries "item" = day offset).</summary>
    public const string Poll = "poll";
}
