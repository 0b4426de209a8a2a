using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;

namespace HandoffBot.Teams;

/// <summary>
/// Which card a person may act on, and whose Teams client refreshes it (Universal Actions). In the demo
/// nobody is refreshed: the Agents Playground cannot show per-user views, so shared cards carry their
/// buttons for everyone there (who may press is still checked when pressed).
/// </summary>
public sealed class CardAudience(IPeopleDirectory directory, Demo.DemoGate demo)
{
    /// <summary>The brief: the assigned CSM, the CS lead and the stage owner. The context form: the AE owner and the stage owner.</summary>
    public static IReadOnlyList<string> Actors(CardKind kind, Handoff handoff)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        IEnumerable<string?> emails = kind switch
        {
            CardKind.Brief => [handoff.Deal.CsmEmail, handoff.Routing.CsLeadEmail, handoff.Owner.Email],
            CardKind.Context => [handoff.Routing.AeOwnerEmail, handoff.Owner.Email],
            _ => [],
        };
        return [.. emails.OfType<string>().Select(Emails.Normalize).Distinct(StringComparer.Ordinal)];
    }

    public static bool MayAct(CardKind kind, Handoff handoff, string email) =>
        kind == CardKind.Other || Actors(kind, handoff).Contains(Emails.Normalize(email), StringComparer.Ordinal);

    /// <summary>Teams user ids of the people who may act (at most 60, Teams' limit), so their clients fetch the card with buttons.</summary>
    public Task<IReadOnlyList<string>> RefreshUserIdsAsync(CardKind kind, Handoff handoff, CancellationToken ct) =>
        RefreshUserIdsAsync(Actors(kind, handoff), ct);

    /// <summary>Teams user ids of these people (those the directory links to Teams), at most 60.</summary>
    public async Task<IReadOnlyList<string>> RefreshUserIdsAsync(IReadOnlyList<string> emails, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(emails);
        var ids = new List<string>();
        if (demo.IsOn)
        {
            return ids;
        }

        foreach (var email in emails)
        {
            if ((await directory.FindAsync(email, ct))?.Teams?.UserId is { } id)
            {
                ids.Add(id);
            }
        }

        return [.. ids.Take(60)];
    }
}

public enum CardKind
{
    Brief,
    Context,
    Other,
}
