using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;

namespace HandoffBot.Teams;

/// <summary>
/// The SDK's <see cref="CloudAdapter"/> with one constructor (DI finds the SDK's two ambiguous)
/// and the one turn error handler. <see cref="MessagesEndpoint"/> authenticates first, then hands the
/// already-authenticated activity here, so nothing the SDK does can turn a bad request into a 500.
/// </summary>
public sealed class TeamsAdapter : CloudAdapter
{
    public TeamsAdapter(BotFrameworkAuthentication auth, TurnErrorHandler errors, ILogger<TeamsAdapter> logger)
        : base(auth, logger)
    {
        ArgumentNullException.ThrowIfNull(errors);
        OnTurnError = errors.HandleAsync;
    }

    public Task<InvokeResponse> ProcessAuthenticatedAsync(AuthenticateRequestResult auth, Activity activity, BotCallbackHandler bot, CancellationToken ct) =>
        ProcessActivityAsync(auth, activity, bot, ct);
}
