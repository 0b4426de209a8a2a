using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;

namespace HandoffBot.Teams;

/// <summary>Thin routing only: one handler per activity type or invoke name. Unknown invokes are answered, not thrown.</summary>
public sealed class TeamsBot(InstallHandler install, CommandHandler commands) : TeamsActivityHandler
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
        // Card actions arrive with UserActionService (next change); until then every invoke is answered, never 501.
        return Task.FromResult(turnContext.Activity.Name == "adaptiveCard/action"
            ? CardResponses.Message("That button is not one I know — the card may be out of date. Type 'help' to see what I can do.")
            : CardResponses.Message("I do not handle that kind of request."));
    }
}
