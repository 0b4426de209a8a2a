namespace HandoffBot.Core.Handoffs;

/// <summary>The role in which somebody owns a stage.</summary>
public enum OwnerRole
{
    System,
    AccountExecutive,
    Csm,
    CsLead,
    RevOps,
    Manager,
}

/// <summary>What a person is in the directory; a person may hold several.</summary>
public enum PersonRole
{
    AccountExecutive,
    Csm,
    CsLead,
    SalesLeader,
    Manager,
    RevOpsAdmin,
}

public enum ChatPlatform
{
    Teams,
    Slack,
}

/// <summary>Who did something. Roles come from the directory, resolved by the caller.</summary>
public sealed record Actor(string Email, IReadOnlySet<PersonRole> Roles)
{
    public const string SystemEmail = "system";

    public static Actor System { get; } = new(SystemEmail, new HashSet<PersonRole>());

    public bool IsSystem => Email == SystemEmail;

    public bool Has(PersonRole role) => Roles.Contains(role);

    public bool Is(string? email) => email is not null && string.Equals(Email, email, StringComparison.OrdinalIgnoreCase);

    public static Actor Of(string email, params PersonRole[] roles) => new(Emails.Normalize(email), new HashSet<PersonRole>(roles));
}

/// <summary>The one accountable owner of a handoff at a moment.</summary>
public sealed record Owner(string Email, OwnerRole Role, DateTimeOffset Since)
{
    public static Owner System(DateTimeOffset since) => new(Actor.SystemEmail, OwnerRole.System, since);
}
