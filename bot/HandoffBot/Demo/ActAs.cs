using System.Collections.Concurrent;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;

namespace HandoffBot.Demo;

/// <summary>
/// Whom each Teams account acts as in the demo: the playground speaks only as its one user, so the
/// person at the keyboard switches (<c>act as casey</c>, or an "Act as Casey Lin (CSM)" button) to play
/// the AE, the CSM and the sales leader in turn. Held in memory for the run. Every read and write asks
/// <see cref="DemoGate.ActAsAllowed"/> first: outside the demo (Production, an app id, no demo) nobody
/// acts as anybody but themselves, whatever was stored.
/// </summary>
public sealed class ActAs(DemoGate gate)
{
    private readonly ConcurrentDictionary<string, string> byTeamsUser = new(StringComparer.Ordinal);

    /// <summary>The email this Teams account acts as; null: as itself.</summary>
    public string? EmailFor(string? teamsUserId) =>
        gate.ActAsAllowed && teamsUserId is not null && byTeamsUser.TryGetValue(teamsUserId, out var email) ? email : null;

    /// <summary>False (and nothing changes) outside the demo.</summary>
    public bool TrySet(string teamsUserId, Person who, Person self)
    {
        ArgumentNullException.ThrowIfNull(who);
        ArgumentNullException.ThrowIfNull(self);
        if (!gate.ActAsAllowed)
        {
            return false;
        }

        if (Emails.Normalize(who.Email) == Emails.Normalize(self.Email))
        {
            byTeamsUser.TryRemove(teamsUserId, out _);
        }
        else
        {
            byTeamsUser[teamsUserId] = Emails.Normalize(who.Email);
        }

        return true;
    }
}
