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
public sealed class CommandHandler(ChatCommandService commands, TeamsPeople people, ConversationStore conversations, ActivityTrust trust, ICardRenderer cards)
{
    public const string NotInDirectory = "I don't know you yet: ask your RevOps admin to add you to HandoffBot's people directory (by your work email).";

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

        var result = await commands.ExecuteAsync(person.Email, text, ct);
        await turn.SendActivityAsync(CardResponses.Activity(cards.Render(ChatPlatform.Teams, result)), ct);
    }
}
