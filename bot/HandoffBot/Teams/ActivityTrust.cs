using System.Security.Claims;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.Options;

namespace HandoffBot.Teams;

/// <summary>
/// Whether an activity may speak for the channel it names. The bot replies to, and remembers for
/// proactive messages, the activity's <c>serviceUrl</c>; so with authentication on, the serviceUrl must
/// be exactly (ordinal) the one the Bot Connector signed into the token's <c>serviceurl</c> claim. The
/// SDK checks that only on its channel-token path (ignoring case) and not at all for emulator-style
/// tokens, so it is checked here for every token: a token without the claim is refused too.
/// Anonymous (no app id: Development, or the unsafe switch) has no token to check against: activities
/// are taken as sent, which is why anonymous is refused at start-up anywhere else.
/// </summary>
public sealed partial class ActivityTrust(IOptions<TeamsOptions> options, ILogger<ActivityTrust> logger)
{
    /// <summary>Null when the authenticated request may go on; otherwise why not (for the log, never the URL).</summary>
    public static string? Refusal(ClaimsIdentity? identity, string? serviceUrl, bool anonymousBot)
    {
        if (identity is null)
        {
            return "no identity";
        }

        if (IsAnonymous(identity))
        {
            return anonymousBot ? null : "unsigned";
        }

        var claim = identity.FindFirst(AuthenticationConstants.ServiceUrlClaim)?.Value;
        if (string.IsNullOrEmpty(claim))
        {
            return "token without a serviceurl claim";
        }

        return string.Equals(claim, serviceUrl, StringComparison.Ordinal) ? null : "serviceUrl differs from the token's serviceurl claim";
    }

    /// <summary>
    /// For the handlers, before they store or change a conversation reference or a person's Teams ids:
    /// the same check on the identity the adapter put on the turn. Fails closed (and logs) when it is missing.
    /// </summary>
    public bool MayRemember(ITurnContext turn)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var identity = turn.TurnState.Get<ClaimsIdentity>(BotAdapter.BotIdentityKey);
        if (Refusal(identity, turn.Activity?.ServiceUrl, options.Value.IsAnonymous) is not { } reason)
        {
            return true;
        }

        LogNotRemembered(logger, turn.Activity?.Type ?? "unknown", reason);
        return false;
    }

    private static bool IsAnonymous(ClaimsIdentity identity) =>
        string.Equals(identity.AuthenticationType, AuthenticationConstants.AnonymousAuthType, StringComparison.Ordinal) && !identity.Claims.Any();

    [LoggerMessage(EventId = 4160, Level = LogLevel.Warning, Message = "Did not store anything from a Teams {ActivityType} activity ({Reason})")]
    private static partial void LogNotRemembered(ILogger logger, string activityType, string reason);
}
