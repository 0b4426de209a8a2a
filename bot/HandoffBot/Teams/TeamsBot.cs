using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;

namespace HandoffBot.Teams;

/// <summary>Thin routing only: one handler per activity type or invoke name. Unknown invokes are answered, not thrown.</summary>
public sealed class TeamsBot(InstallHandler install, CommandHandler commands, CardActionHandler cardActions) : TeamsActivityHandler
{
    protected override Task OnMessageActivityAsync(ITurnContext<IMessageActivity> turnContext, CancellationToken cancellationToken) =>
        commands.HandleAsync(turnContext, cancellationToken);

    protected override Task OnConversationUpdateActivityAsync(ITurnContext<IConversationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        install.OnConversationUpdateAsync(turnContext, cancellationToken);

    protected override Task OnInstallationUpdateActivityAsync(ITurnContext<IInstallationUpdateActivity> turnContext, CancellationToken cancellationToken) =>
        install.OnInstallationUpdateAsync(turnContext, cancellationToken);

    protected override Task<InvokeResponse> OnInvokeActivityAsync(ITurnContext<IInvokeActivity> turnContext, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(turnContext);
        return turnContext.Activity.Name == CardActionHandler.Name
            ? cardActions.HandleAsync(turnContext, cancellationToken)
            : Task.FromResult(CardResponses.Message("I do not handle that kind of request."));
    }
}
