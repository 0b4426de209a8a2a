using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;

namespace HandoffBot.Demo;

/// <summary>The demo's cast (Demo/Files/people.yaml): who to offer on "Act as" buttons, and how a typed name finds them.</summary>
public static class DemoPeople
{
    /// <summary>The roles of the story, in its order, each with the demo person who plays it.</summary>
    public static IReadOnlyList<(string Email, string Role)> Cast { get; } =
    [
        ("avery.ae@example.com", "AE"),
        ("casey.csm@example.com", "CSM"),
        ("cs-lead@example.com", "CS lead"),
        ("vp-sales@example.com", "sales leader"),
    ];

    public static string RoleOf(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var cast = Cast.FirstOrDefault(c => c.Email == Emails.Normalize(person.Email)).Role;
        if (cast is not null)
        {
            return cast;
        }

        return person.Roles.Contains(PersonRole.SalesLeader) ? "sales leader"
            : person.Roles.Contains(PersonRole.CsLead) ? "CS lead"
            : person.Roles.Contains(PersonRole.Csm) ? "CSM"
            : person.Roles.Contains(PersonRole.AccountExecutive) ? "AE"
            : person.Roles.Contains(PersonRole.RevOpsAdmin) ? "RevOps"
            : "manager";
    }

    /// <summary>
    /// The person a typed name means: an email, a full or first name, or a role word (ae, csm, lead,
    /// leader, revops); "me" is the person at the keyboard. Null when nobody or several match.
    /// </summary>
    public static Person? Find(IReadOnlyList<Person> people, string query, Person self)
    {
        ArgumentNullException.ThrowIfNull(people);
        ArgumentNullException.ThrowIfNull(self);
        var q = string.Join(' ', (query ?? "").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).Trim();
        if (q.Length == 0)
        {
            return null;
        }

        if (q.ToLowerInvariant() is "me" or "myself" or "self")
        {
            return self;
        }

        var byRole = RoleWord(q);
        if (byRole is not null && Cast.FirstOrDefault(c => c.Role == byRole).Email is { } castEmail && people.FirstOrDefault(p => p.Email == castEmail) is { } cast)
        {
            return cast;
        }

        var matches = people.Where(p =>
            string.Equals(p.Email, q, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.Name, q, StringComparison.OrdinalIgnoreCase)
            || string.Equals(p.Name.Split(' ')[0], q, StringComparison.OrdinalIgnoreCase)).ToList();
        return matches.Count == 1 ? matches[0] : null;
    }

    private static string? RoleWord(string q) => q.ToLowerInvariant() switch
    {
        "ae" or "the ae" or "account executive" => "AE",
        "csm" or "the csm" => "CSM",
        "cs lead" or "lead" or "cs_lead" => "CS lead",
        "leader" or "sales leader" or "vp" => "sales leader",
        _ => null,
    };
}
