using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.People;

public static class PersonValidator
{
    public static IReadOnlyList<FieldError> Validate(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        var errors = new List<FieldError>();
        if (!Emails.IsValid(person.Email))
        {
            errors.Add(new FieldError("email", "Not an email address."));
        }

        if (string.IsNullOrWhiteSpace(person.Name) || person.Name.Length > 200)
        {
            errors.Add(new FieldError("name", "A name of 1 to 200 characters is required."));
        }

        if (person.ManagerEmail is { } manager && !Emails.IsValid(manager))
        {
            errors.Add(new FieldError("managerEmail", "Not an email address."));
        }

        if (person.ManagerEmail is { } m && string.Equals(Emails.Normalize(m), Emails.Normalize(person.Email), StringComparison.Ordinal))
        {
            errors.Add(new FieldError("managerEmail", "A person cannot be their own manager."));
        }

        if (person.TimeZone is { } zone && !TimeZones.TryFind(zone, out _))
        {
            errors.Add(new FieldError("timeZone", "Not a time zone (use an IANA name like Europe/Berlin)."));
        }

        return errors;
    }
}
