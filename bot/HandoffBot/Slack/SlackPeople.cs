using System.Collections.Concurrent;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Slack.Api;
using Microsoft.Extensions.Options;

namespace HandoffBot.Slack;

/// <summary>
/// Joins directory people and Slack users by email. A link found once (users.lookupByEmail, or
/// users.info for someone who clicked) is stored on the person, so the directory is the durable
/// cache; misses are remembered in memory for <see cref="SlackOptions.IdentityCacheMinutes"/>
/// so strangers do not cost a Slack call per request.
/// </summary>
public sealed class SlackPeople(IPeopleDirectory directory, IUsersApi users, IOptions<SlackOptions> options, TimeProvider time, ILogger<SlackPeople> logger)
{
    private readonly ConcurrentDictionary<string, DateTimeOffset> misses = new(StringComparer.Ordinal);
    private readonly TimeSpan missLifetime = TimeSpan.FromMinutes(options.Value.IdentityCacheMinutes);

    /// <summary>The directory person behind a Slack user, or null when they are not in it.</summary>
    public async Task<Person?> PersonAsync(string userId, CancellationToken ct)
    {
        if (await directory.FindByPlatformIdAsync(ChatPlatform.Slack, userId, ct) is { } known)
        {
            return known;
        }

        if (Missed("u:" + userId))
        {
            return null;
        }

        var user = await users.InfoAsync(userId, ct);
        var person = user?.Email is { } email ? await directory.FindAsync(email, ct) : null;
        if (person is null || user is null)
        {
            Remember("u:" + userId);
            SlackLog.UnknownUser(logger, userId);
            return null;
        }

        return await LinkAsync(person, user, ct);
    }

    /// <summary>The person's Slack user id, looked up by email once; null when Slack has no such user.</summary>
    public async Task<string?> UserIdAsync(Person person, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(person);
        if (person.Slack?.UserId is { Length: > 0 } id)
        {
            return id;
        }

        if (Missed("e:" + person.Email))
        {
            return null;
        }

        var user = await users.LookupByEmailAsync(person.Email, ct);
        if (user is null || user.Deleted)
        {
            Remember("e:" + person.Email);
            return null;
        }

        return (await LinkAsync(person, user, ct)).Slack!.UserId;
    }

    private async Task<Person> LinkAsync(Person person, SlackUser user, CancellationToken ct)
    {
        var linked = person with { Slack = new SlackIdentity(user.Id, user.TeamId) };
        await directory.UpsertAsync(linked, ct);
        return linked;
    }

    private bool Missed(string key)
    {
        if (!misses.TryGetValue(key, out var until))
        {
            return false;
        }

        if (until > time.GetUtcNow())
        {
            return true;
        }

        misses.TryRemove(key, out _);
        return false;
    }

    private void Remember(string key)
    {
        if (misses.Count > 50_000)
        {
            misses.Clear();
        }

        misses[key] = time.GetUtcNow() + missLifetime;
    }
}
