using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.People;

public interface IPeopleDirectory
{
    Task<Person?> FindAsync(string email, CancellationToken ct = default);

    Task<Person?> FindByPlatformIdAsync(ChatPlatform platform, string userId, CancellationToken ct = default);

    Task<IReadOnlyList<Person>> ListAsync(CancellationToken ct = default);

    /// <summary>Inserts or replaces the person with this email.</summary>
    Task UpsertAsync(Person person, CancellationToken ct = default);

    Task<bool> RemoveAsync(string email, CancellationToken ct = default);
}

public static class PeopleDirectoryExtensions
{
    /// <summary>The person as an actor; somebody not in the directory acts with no roles.</summary>
    public static async Task<Actor> ActorAsync(this IPeopleDirectory directory, string email, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var normalized = Emails.Normalize(email);
        var person = await directory.FindAsync(normalized, ct);
        return person?.ToActor() ?? new Actor(normalized, new HashSet<PersonRole>());
    }
}
