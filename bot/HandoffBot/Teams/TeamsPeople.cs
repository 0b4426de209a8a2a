using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Teams;
using Microsoft.Bot.Schema;
using Microsoft.Bot.Schema.Teams;

namespace HandoffBot.Teams;

/// <summary>
/// Who is talking: the Teams account joined to the people directory by email. The first time a
/// person is seen, Teams is asked for their email (TeamsInfo.GetMemberAsync) and their Teams ids are
/// stored on the directory entry, so later turns and proactive messages need no lookup. A new link is
/// made only from an activity whose serviceUrl its token vouches for: the member lookup goes to that
/// serviceUrl, and whoever answers it decides whose directory entry the Teams account gets.
/// In the demo only, the account may act as someone else (<see cref="Demo.ActAs"/>, refused outside it).
/// </summary>
public sealed partial class TeamsPeople(IPeopleDirectory directory, ActivityTrust trust, Demo.ActAs actAs, ILogger<TeamsPeople> logger)
{
    public async Task<Person?> ResolveAsync(ITurnContext turn, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(turn);
        var from = turn.Activity.From;
        if (actAs.EmailFor(from.Id) is { } acting && await directory.FindAsync(acting, ct) is { } other)
        {
            return other;
        }

        if (await directory.FindByPlatformIdAsync(ChatPlatform.Teams, from.Id, ct) is { } known)
        {
            return known;
        }

        if (!trust.MayRemember(turn))
        {
            return null;
        }

        TeamsChannelAccount? member = null;
        try
        {
            member = await TeamsInfo.GetMemberAsync(turn, from.Id, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogMemberLookupFailed(logger, ex.GetType().Name);
        }

        var email = member?.Email ?? member?.UserPrincipalName;
        if (string.IsNullOrWhiteSpace(email) || await directory.FindAsync(email, ct) is not { } person)
        {
            return null;
        }

        var linked = person with { Teams = new TeamsIdentity(from.Id, from.AadObjectId ?? member?.AadObjectId, TenantOf(turn.Activity)) };
        await directory.UpsertAsync(linked, ct);
        LogLinked(logger);
        return linked;
    }

    public static string? TenantOf(IActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return activity.Conversation?.TenantId ?? (activity as Activity)?.GetChannelData<TeamsChannelData>()?.Tenant?.Id;
    }

    [LoggerMessage(EventId = 4130, Level = LogLevel.Warning, Message = "Could not look up a Teams member's email ({Reason})")]
    private static partial void LogMemberLookupFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = 4131, Level = LogLevel.Information, Message = "Linked a Teams account to the people directory")]
    private static partial void LogLinked(ILogger logger);
}
