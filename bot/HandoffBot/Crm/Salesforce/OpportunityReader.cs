using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Crm;

namespace HandoffBot.Crm.Salesforce;

/// <summary>An Opportunity as read through the REST API, and whether Salesforce counts it as won.</summary>
public sealed record SalesforceOpportunity(CrmDealRecord Record, bool Won);

/// <summary>
/// Reads the whole Opportunity graph with one SOQL query: the opportunity, its account and owner,
/// the contact roles (→ stakeholders) and the line items (→ what was sold), plus every field the
/// mapping names. A mapped field the org does not have is dropped from the query and named in the
/// log, so one misspelt custom field does not hold every handoff back.
/// </summary>
public sealed class OpportunityReader(SalesforceApiClient api, ILogger<OpportunityReader> logger)
{
    private static readonly string[] Base = ["Id", "Name", "IsWon", "StageName", "Amount", "CloseDate", "AccountId", "Account.Name", "OwnerId", "Owner.Email", "Owner.Name"];

    private const string ContactRoles = "(SELECT ContactId, Role, IsPrimary, Contact.FirstName, Contact.LastName, Contact.Email, Contact.Title FROM OpportunityContactRoles)";
    private const string LineItems = "(SELECT Quantity, UnitPrice, TotalPrice, Product2.Name, PricebookEntry.Name FROM OpportunityLineItems)";

    public async Task<SalesforceOpportunity?> ReadAsync(string opportunityId, CrmSourceMapping mapping, CancellationToken ct)
    {
        // Validated before it is written into the query: an 18-character alphanumeric id, nothing else.
        var id = SalesforceId.Normalize(opportunityId) ?? throw new ArgumentException("Not a Salesforce id.", nameof(opportunityId));
        var mapped = mapping.Fields.Values.SelectMany(s => s).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        var extra = mapped.Where(p => !Base.Contains(p, StringComparer.OrdinalIgnoreCase)).ToList();
        JsonObject answer;
        for (var round = 0; ; round++)
        {
            try
            {
                answer = await api.QueryAsync(Soql(id, extra), ct);
                break;
            }
            catch (SalesforceInvalidFieldException ex) when (extra.Count > 0 && round < 3)
            {
                var missing = extra.Where(p => p.Split('.').Any(part => ex.Message.Contains($"'{part}'", StringComparison.OrdinalIgnoreCase))).ToList();
                if (missing.Count == 0)
                {
                    missing = extra;
                }

                CrmLog.MissingSalesforceFields(logger, string.Join(", ", missing));
                extra = [.. extra.Except(missing, StringComparer.OrdinalIgnoreCase)];
            }
        }

        var row = answer.Arr("records")?.OfType<JsonObject>().FirstOrDefault();
        if (row is null)
        {
            return null;
        }

        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var path in mapped.Concat(Base))
        {
            values[path] = Resolve(row, path);
        }

        var contacts = (row.Obj("OpportunityContactRoles").Arr("records")?.OfType<JsonObject>() ?? [])
            .Select(r => (Role: r.Str("Role"), Contact: r.Obj("Contact"), Primary: r.Str("IsPrimary") == "true"))
            .Where(r => r.Contact is not null)
            .OrderBy(r => r.Primary ? 0 : 1)
            .Select(r => new CrmContact(r.Contact.Str("FirstName"), r.Contact.Str("LastName"), r.Contact.Str("Email"), r.Contact.Str("Title"), r.Role is { Length: > 0 } role ? [role] : []))
            .ToList();
        var items = (row.Obj("OpportunityLineItems").Arr("records")?.OfType<JsonObject>() ?? [])
            .Select(r => new CrmLineItem(
                r.Obj("Product2").Str("Name") ?? r.Obj("PricebookEntry").Str("Name") ?? "",
                decimal.TryParse(r.Str("Quantity"), NumberStyles.Float, CultureInfo.InvariantCulture, out var q) ? q : null))
            .Where(i => i.Name.Length > 0)
            .ToList();
        var recordId = SalesforceId.Normalize(row.Str("Id")) ?? id;
        var record = new CrmDealRecord
        {
            CrmId = recordId,
            Url = api.InstanceUrl is { } instance ? new Uri(instance, $"lightning/r/Opportunity/{recordId}/view") : null,
            Values = values,
            Contacts = contacts,
            LineItems = items,
        };
        return new SalesforceOpportunity(record, row.Str("IsWon") == "true");
    }

    /// <summary>SOQL for one opportunity; field names are validated by the mapping loader, the id by <see cref="SalesforceId"/>.</summary>
    public static string Soql(string id18, IEnumerable<string> extraFields) =>
        $"SELECT {string.Join(", ", Base.Concat(extraFields))}, {ContactRoles}, {LineItems} FROM Opportunity WHERE Id = '{id18}'";

    /// <summary>A dotted path through the record (Account.Name, CSM__r.Email); numbers and booleans as invariant text.</summary>
    private static string? Resolve(JsonObject row, string path)
    {
        JsonNode? node = row;
        foreach (var part in path.Split('.'))
        {
            // SOQL field names are case-insensitive; the answer spells them as the org defines them.
            node = node is JsonObject o ? o.FirstOrDefault(p => string.Equals(p.Key, part, StringComparison.OrdinalIgnoreCase)).Value : null;
        }

        return node is JsonValue v ? v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.Number => v.ToJsonString(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => null,
        } : null;
    }
}
