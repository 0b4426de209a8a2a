using HandoffBot.Cards;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Handoffs;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HandoffBot.Teams;

/// <summary>
/// Messages: commands in personal chat; in channels and group chats only when the bot is
/// @mentioned (the mention is stripped first). Anything unrecognised gets the short help hint.
/// </summary>
public sealed class CommandHandler(ChatCommandService commands, TeamsPeople people, ConversationStore conversations, ActivityTrust trust, ICardRenderer cards, Demo.TeamsActAs demo)
{
    public const string NotInDirectory = "I don't know you yet: ask your RevOps admin to add you to HandoffBot's people directory (by your work email).";

    /// <summary>
    /// A card button that runs a command as if typed (the welcome's "Try" buttons), data: <c>command</c>.
    /// Action.Execute rather than an imBack Action.Submit, so it works wherever Universal Actions do (the
    /// Agents Playground ignores imBack); the answer comes as a new message, the card stays.
    /// </summary>
    public const string RunVerb = "command.run";

    public async Task HandleAsync(ITurnContext<IMessageActivity> turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var activity = (Activity)turn.Activity;
        var personal = InstallHandler.IsPersonal(activity);
        if (!personal && !activity.GetMentions().Any(m => m.Mentioned?.Id == activity.Recipient.Id))
        {
            return;
        }

        var text = activity.RemoveRecipientMention() ?? "";
        var person = await people.ResolveAsync(turn, ct);
        if (person is null)
        {
            await turn.SendActivityAsync(MessageFactory.Text(NotInDirectory), ct);
            return;
        }

        if (personal && !conversations.Contains(activity.Conversation.Id) && trust.MayRemember(turn))
        {
            // The install event was missed (or came before the person was in the directory): remember the chat now.
            conversations.Save(new StoredConversation(
                activity.Conversation.Id, ConversationKind.Personal, activity.ServiceUrl, TeamsPeople.TenantOf(activity),
                activity.From.Id, activity.From.AadObjectId, person.Email, null, activity.GetConversationReference()));
        }

        if (await demo.TryHandleMessageAsync(turn, text, ct))
        {
            return; // "act as …": the local demo only
        }

        var result = await commands.ExecuteAsync(person.Email, text, ct);
        await turn.SendActivityAsync(CardResponses.Activity(await cards.RenderAsync(ChatPlatform.Teams, result, person.Email, ct)), ct);
    }

    /// <summary><see cref="RunVerb"/>: the command answered as a new message; the invoke's own answer says so.</summary>
    public async Task<InvokeResponse> RunFromCardAsync(ITurnContext turn, string? command, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var text = (command ?? "").Trim();
        if (text.Length is 0 or > 200)
        {
            return CardResponses.Message(CardActionHandler.UnknownVerb);
        }

        if (await people.ResolveAsync(turn, ct) is not { } person)
        {
            return CardResponses.Message(NotInDirectory);
        }

        if (!await demo.TryHandleMessageAsync(turn, text, ct))
        {
            var result = await commands.ExecuteAsync(person.Email, text, ct);
            await turn.SendActivityAsync(CardResponses.Activity(await cards.RenderAsync(ChatPlatform.Teams, result, person.Email, ct)), ct);
        }

        return CardResponses.Message($"“{text}”: answered below.");
    }
}
