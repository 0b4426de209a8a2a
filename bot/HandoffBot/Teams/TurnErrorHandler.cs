using Microsoft.Bot.Builder;
using Microsoft.Bot.Schema;

namespace HandoffBot.Teams;

/// <summary>
/// The one turn-level error handler: log the exception (never the message text), tell the person
/// briefly, never leak internals. If even that reply cannot be sent, the failure is logged and swallowed.
/// </summary>
public sealed partial class TurnErrorHandler(ILogger<TurnErrorHandler> logger)
{
    public const string Apology = "Sorry, something went wrong on my side. Please try again in a moment.";

    public async Task HandleAsync(ITurnContext turn, Exception exception)
    {
        ArgumentNullException.ThrowIfNull(turn);
        LogTurnFailed(logger, exception, turn.Activity?.Type, turn.Activity?.Name);
        if (turn.Activity?.Type != ActivityTypes.Message)
        {
            return;
        }

        try
        {
            await turn.SendActivityAsync(Apology);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogApologyFailed(logger, ex);
        }
    }

    [LoggerMessage(EventId = 4100, Level = LogLevel.Error, Message = "Teams turn failed ({ActivityType} {Name})")]
    private static partial void LogTurnFailed(ILogger logger, Exception exception, string? activityType, string? name);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Could not tell the person about a failed Teams turn")]
    private static partial void LogApologyFailed(ILogger logger, Exception exception);
}
