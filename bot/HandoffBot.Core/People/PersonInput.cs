using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.People;

/// <summary>A person as an admin writes them (seed file, admin API): roles and platform as words.</summary>
public sealed record PersonInput(
    string? Email,
    string? Name,
    IReadOnlyList<string>? Roles,
    string? ManagerEmail,
    string? TimeZone,
    string? Platform);

public static class PersonFactory
{
    private static readonly Dictionary<string, PersonRole> RoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ae"] = PersonRole.AccountExecutive,
        ["accountexecutive"] = PersonRole.AccountExecutive,
        ["csm"] = PersonRole.Csm,
        ["cslead"] = PersonRole.CsLead,
        ["salesleader"] = PersonRole.SalesLeader,
        ["leader"] = PersonRole.SalesLeader,
        ["manager"] = PersonRole.Manager,
        ["revops"] = PersonRole.RevOpsAdmin,
        ["revopsadmin"] = PersonRole.RevOpsAdmin,
        ["admin"] = PersonRole.RevOpsAdmin,
    };

    public static IReadOnlyList<string> RoleNames { get; } = ["ae", "csm", "cs_lead", "sales_leader", "manager", "revops_admin"];

    public static bool TryParseRole(string? word, out PersonRole role)
    {
        role = default;
        var compact = word?.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
        return compact is not null && RoleWords.TryGetValue(compact, out role);
    }

    /// <summary>Builds the person, keeping the platform identities the adapters learnt for an existing one.</summary>
    public static (Person? Person, IReadOnlyList<FieldError> Errors) Create(PersonInput input, Person? existing)
    {
        ArgumentNullException.ThrowIfNull(input);
        var errors = new List<FieldError>();
        var roles = new HashSet<PersonRole>();
        foreach (var word in input.Roles ?? [])
        {
            if (TryParseRole(word, out var role))
            {
                roles.Add(role);
            }
            else
            {
                errors.Add(new FieldError("roles", $"'{word}' is not a role (one of {string.Join(", ", RoleNames)})."));
            }
        }

        var platform = existing?.Platform ?? ChatPlatform.Teams;
        if (input.Platform is { } p && !(Enum.TryParse(p, ignoreCase: true, out platform) && Enum.IsDefined(platform)))
        {
            errors.Add(new FieldError("platform", $"'{p}' is not teams or slack."));
        }

        var person = new Person
        {
            Email = input.Email?.Trim() ?? "",
            Name = input.Name?.Trim() ?? "",
            Roles = roles,
            ManagerEmail = string.IsNullOrWhiteSpace(input.ManagerEmail) ? null : input.ManagerEmail.Trim(),
            TimeZone = string.IsNullOrWhiteSpace(input.TimeZone) ? null : input.TimeZone.Trim(),
            Platform = platform,
            Teams = existing?.Teams,
            Slack = existing?.Slack,
        };
        errors.AddRange(PersonValidator.Validate(person));
        return errors.Count == 0
            ? (person with { Email = Emails.Normalize(person.Email), ManagerEmail = person.ManagerEmail is { } m ? Emails.Normalize(m) : null }, errors)
            : (null, errors);
    }
}
