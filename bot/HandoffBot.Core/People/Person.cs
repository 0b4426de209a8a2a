using System.Text.Json.Serialization;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Serialization;

namespace HandoffBot.Core.People;

/// <summary>Somebody in the people directory. Email is the key that joins CRM, Teams and Slack.</summary>
public sealed record Person
{
    public required string Email { get; init; }
    public required string Name { get; init; }
    [JsonConverter(typeof(ReadOnlySetConverter<PersonRole>))]
    public IReadOnlySet<PersonRole> Roles { get; init; } = new HashSet<PersonRole>();
    public string? ManagerEmail { get; init; }

    /// <summary>IANA zone; the playbook calendar's zone when unknown.</summary>
    public string? TimeZone { get; init; }

    public ChatPlatform Platform { get; init; } = ChatPlatform.Teams;
    public TeamsIdentity? Teams { get; init; }
    public SlackIdentity? Slack { get; init; }

    public Actor ToActor() => new(Email, Roles);
}

/// <summary>Filled in by the Teams adapter when the person installs or is seen in a team roster.</summary>
public sealed record TeamsIdentity(string? UserId, string? AadObjectId, string? TenantId);

/// <summary>Filled in by the Slack adapter (users.lookupByEmail or an event from the person).</summary>
public sealed record SlackIdentity(string UserId, string? TeamId);
