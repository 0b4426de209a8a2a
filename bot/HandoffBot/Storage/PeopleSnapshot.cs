using System.Collections.Frozen;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;

namespace HandoffBot.Storage;

/// <summary>
/// The directory as both stores hold it in memory (hundreds of people, read on every command, rarely
/// changed): email lower-case, platform ids exact.
/// </summary>
internal sealed record PeopleSnapshot(
    IReadOnlyList<Person> All,
    FrozenDictionary<string, Person> ByEmail,
    FrozenDictionary<string, Person> BySlackId,
    FrozenDictionary<string, Person> ByTeamsId)
{
    public static PeopleSnapshot Of(IEnumerable<Person> people)
    {
        var sorted = people.OrderBy(p => p.Email, StringComparer.Ordinal).ToList();
        return new PeopleSnapshot(
            sorted,
            sorted.ToFrozenDictionary(p => p.Email, StringComparer.Ordinal),
            sorted.Where(p => p.Slack is not null).DistinctBy(p => p.Slack!.UserId).ToFrozenDictionary(p => p.Slack!.UserId, StringComparer.Ordinal),
            sorted.Where(p => p.Teams?.UserId is not null).DistinctBy(p => p.Teams!.UserId).ToFrozenDictionary(p => p.Teams!.UserId!, StringComparer.Ordinal));
    }

    /// <summary>The person as stored: email and manager email lower-case.</summary>
    public static Person Normalize(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return person with
        {
            Email = Emails.Normalize(person.Email),
            ManagerEmail = person.ManagerEmail is { } m ? Emails.Normalize(m) : null,
        };
    }

    public Person? Find(string email) => ByEmail.GetValueOrDefault(Emails.Normalize(email));

    public Person? FindByPlatformId(ChatPlatform platform, string userId) =>
        (platform == ChatPlatform.Slack ? BySlackId : ByTeamsId).GetValueOrDefault(userId);
}
