using HandoffBot.Cards;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Teams;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Demo;

/// <summary>
/// "act as &lt;name or role&gt;" typed in Teams, and the "Act as …" buttons (<see cref="Verb"/>): switch
/// whom the person at the keyboard acts as (<see cref="ActAs"/>). Both exist only while
/// <see cref="DemoGate.ActAsAllowed"/>; otherwise the text is an unknown command and the verb an unknown
/// button, as anywhere else.
/// </summary>
public sealed partial class TeamsActAs(ActAs actAs, DemoGate gate, IPeopleDirectory directory, ICardRenderer cards, HandoffService handoffs, ILogger<TeamsActAs> logger)
{
    public const string Verb = "demo.actAs";
    private const string Phrase = "act as";

    /// <summary>True when the message was an act-as command and has been answered.</summary>
    public async Task<bool> TryHandleMessageAsync(ITurnContext turn, string text, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var words = (text ?? "").Trim();
        if (!gate.ActAsAllowed || !words.StartsWith(Phrase, StringComparison.OrdinalIgnoreCase) || (words.Length > Phrase.Length && words[Phrase.Length] != ' '))
        {
            return false;
        }

        var self = await SelfAsync(turn, ct);
        if (self is null)
        {
            return false;
        }

        var who = DemoPeople.Find(await directory.ListAsync(ct), words[Phrase.Length..], self);
        if (who is null)
        {
            var names = string.Join(", ", DemoPeople.Cast.Select(c => c.Role + ": " + c.Email.Split('.', '@')[0]));
            await turn.SendActivityAsync(MessageFactory.Text($"Act as whom? Say a name, an email or a role — {names}; `act as me` to be yourself again."), ct);
            return true;
        }

        var card = await SwitchAsync(turn, who, self, null, ct);
        await turn.SendActivityAsync(CardResponses.Activity(card), ct);
        return true;
    }

    /// <summary>The invoke's answer when the verb is <see cref="Verb"/> and the demo allows it; null otherwise.</summary>
    public async Task<InvokeResponse?> TryHandleInvokeAsync(ITurnContext turn, string verb, JObject data, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentNullException.ThrowIfNull(data);
        if (verb != Verb || !gate.ActAsAllowed || await SelfAsync(turn, ct) is not { } self)
        {
            return null;
        }

        if ((data["email"] as JValue)?.Value is not string email || await directory.FindAsync(email, ct) is not { } who)
        {
            return CardResponses.Message("That person is not in the demo's people directory.");
        }

        var handoffId = (data["handoffId"] as JValue)?.Value as string;
        return CardResponses.Card(await SwitchAsync(turn, who, self, handoffId, ct));
    }

    /// <summary>Acts as <paramref name="who"/> from now on; the card that says so: the brief pressed on, as they see it, or their welcome.</summary>
    private async Task<RenderedCard> SwitchAsync(ITurnContext turn, Person who, Person self, string? handoffId, CancellationToken ct)
    {
        actAs.TrySet(turn.Activity.From.Id, who, self);
        LogActingAs(logger, DemoPeople.RoleOf(who));
        var banner = Emails.Normalize(who.Email) == Emails.Normalize(self.Email)
            ? $"🎭 You are yourself again: {who.Name} ({DemoPeople.RoleOf(who)})."
            : $"🎭 You now act as {who.Name} ({DemoPeople.RoleOf(who)}): what you do here is done as them. `act as me` to be {self.Name} again.";
        if (handoffId is { Length: > 0 and <= 100 } && await handoffs.GetAsync(handoffId, ct) is { } handoff)
        {
            var brief = new BriefNotification(handoff, handoffs.CompletenessOf(handoff));
            return DemoCardRenderer.WithBanner(await cards.RenderAsync(ChatPlatform.Teams, brief, new CardState(Reader: who.Email), ct), banner);
        }

        return DemoCardRenderer.WithBanner(await cards.RenderAsync(ChatPlatform.Teams, new WelcomeNotification(who), new CardState(Reader: who.Email), ct), banner);
    }

    /// <summary>The directory entry of the Teams account itself (not whom it acts as).</summary>
    private Task<Person?> SelfAsync(ITurnContext turn, CancellationToken ct) =>
        directory.FindByPlatformIdAsync(ChatPlatform.Teams, turn.Activity.From.Id, ct);

    [LoggerMessage(EventId = 9101, Level = LogLevel.Information, Message = "Demo: the playground user now acts as the {Role}")]
    private static partial void LogActingAs(ILogger logger, string role);
}
