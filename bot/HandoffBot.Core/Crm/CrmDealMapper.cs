using System.Globalization;
using System.Text.Json.Nodes;

namespace HandoffBot.Core.Crm;

/// <summary>
/// Turns a CRM deal into the deal webhook's JSON, so that it goes through exactly the same
/// validation as every other intake. Also says which source fed each field, so that a refusal
/// can name the CRM property to fix.
/// </summary>
public static class CrmDealMapper
{
    /// <summary>Lists are capped here, under the intake's own limit, so a huge deal still comes in.</summary>
    public const int MaxListItems = 100;

    private const int MaxTextLength = 4000;
    private const int MaxNoteLength = 1_000_000;

    public static (JsonObject Deal, IReadOnlyDictionary<string, string> SourceOf) Map(CrmDealRecord record, CrmSourceMapping mapping)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(mapping);
        var sourceOf = new Dictionary<string, string>(StringComparer.Ordinal);
        var deal = new JsonObject { ["crmId"] = record.CrmId };
        if (record.Url is not null)
        {
            deal["crmUrl"] = record.Url.AbsoluteUri;
        }

        var context = new JsonObject();
        foreach (var target in CrmTargets.All)
        {
            var (value, source) = target == CrmTargets.Arr ? FirstAmount(record, mapping.SourcesOf(target)) : First(record, mapping.SourcesOf(target));
            if (value is null)
            {
                continue;
            }

            sourceOf[target] = source!;
            JsonNode node = target switch
            {
                CrmTargets.CloseDate or CrmTargets.TargetGoLive => DateText(value),
                CrmTargets.Goals or CrmTargets.SuccessCriteria => new JsonArray([.. Lines(value).Select(l => (JsonNode)l)]),
                CrmTargets.SpecialTerms => new JsonArray([.. Lines(value).Select(l => (JsonNode)new JsonObject { ["kind"] = "other", ["text"] = l })]),
                CrmTargets.Notes => new JsonArray(new JsonObject { ["id"] = "crm:" + source, ["text"] = Clip(value, MaxNoteLength) }),
                _ => Clip(value),
            };
            if (CrmTargets.Context.Contains(target))
            {
                context[target] = node;
            }
            else
            {
                deal[target] = node;
            }
        }

        deal["currency"] ??= mapping.DefaultCurrency;
        var sold = record.LineItems
            .Where(i => !string.IsNullOrWhiteSpace(i.Name))
            .Take(MaxListItems)
            .Select(i => (JsonNode)Sold(i))
            .ToArray();
        if (sold.Length > 0)
        {
            context["whatWasSold"] = new JsonArray(sold);
        }

        var people = record.Contacts.Select(c => Stakeholder(c, mapping)).OfType<JsonObject>().Take(MaxListItems).Select(p => (JsonNode)p).ToArray();
        if (people.Length > 0)
        {
            context["stakeholders"] = new JsonArray(people);
        }

        if (context.Count > 0)
        {
            deal["context"] = context;
        }

        return (deal, sourceOf);
    }

    private static (string? Value, string? Source) First(CrmDealRecord record, IReadOnlyList<string> sources)
    {
        foreach (var source in sources)
        {
            if (record.Values.TryGetValue(source, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                return (value.Trim(), source);
            }
        }

        return (null, null);
    }

    /// <summary>ARR: a computed ARR of 0 (no recurring line items) falls through to the next source, such as the amount.</summary>
    private static (string? Value, string? Source) FirstAmount(CrmDealRecord record, IReadOnlyList<string> sources)
    {
        foreach (var source in sources)
        {
            if (record.Values.TryGetValue(source, out var value)
                && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount)
                && amount > 0)
            {
                return (value!.Trim(), source);
            }
        }

        return First(record, sources);
    }

    private static JsonObject Sold(CrmLineItem item)
    {
        var sold = new JsonObject { ["product"] = Clip(item.Name.Trim(), 300) };
        if (item.Quantity is { } q && q >= 0 && q <= int.MaxValue && q == decimal.Truncate(q))
        {
            sold["seats"] = (int)q;
        }

        return sold;
    }

    private static JsonObject? Stakeholder(CrmContact contact, CrmSourceMapping mapping)
    {
        var name = string.Join(' ', new[] { contact.FirstName, contact.LastName }.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => n!.Trim()));
        if (name.Length == 0)
        {
            name = contact.Email?.Trim() ?? "";
        }

        if (name.Length == 0)
        {
            return null;
        }

        var role = mapping.RoleFor(contact.RoleValues);
        var person = new JsonObject { ["name"] = Clip(name, 200), ["role"] = role.ToString() };
        if (!string.IsNullOrWhiteSpace(contact.Email))
        {
            person["email"] = contact.Email.Trim();
        }

        if (!string.IsNullOrWhiteSpace(contact.Title))
        {
            person["title"] = Clip(contact.Title.Trim(), 200);
        }

        return person;
    }

    /// <summary>CRMs send dates as yyyy-MM-dd, as ISO timestamps, or (HubSpot's older bodies) as Unix milliseconds.</summary>
    private static string DateText(string value)
    {
        if (value.Length >= 10 && value.All(char.IsAsciiDigit) && long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var ms)
            && ms is > 0 and < 253_402_300_799_000)
        {
            return DateTimeOffset.FromUnixTimeMilliseconds(ms).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return value;
    }

    private static IEnumerable<string> Lines(string value) =>
        value.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.TrimStart('-', '*', '•', ' ').Trim())
            .Where(l => l.Length > 0)
            .Take(MaxListItems)
            .Select(l => Clip(l));

    private static string Clip(string text, int max = MaxTextLength) => text.Length <= max ? text : text[..max];
}
