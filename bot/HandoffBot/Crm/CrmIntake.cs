using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HandoffBot.Core.Application;
using HandoffBot.Intake;

namespace HandoffBot.Crm;

/// <summary>
/// Takes a mapped CRM deal in through the same parser and use case as the deal webhook. A CRM value
/// that fails an optional field's check (a time zone that is not IANA, a contact's malformed email)
/// leaves that field out rather than the whole deal; a required field that fails refuses the deal,
/// naming the CRM property that fed it, and the job retries (someone may fix it in the CRM).
/// </summary>
public sealed partial class CrmIntake(HandoffService handoffs, ILogger<CrmIntake> logger)
{
    private static readonly HashSet<string> RequiredFields = new(StringComparer.Ordinal) { "body", "crmId", "accountName", "arr", "currency", "closeDate", "aeEmail" };

    public async Task<IntakeResult> TakeInAsync(string crm, JsonObject deal, IReadOnlyDictionary<string, string> sourceOf, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(deal);
        ArgumentNullException.ThrowIfNull(sourceOf);
        var crmId = deal["crmId"]?.GetValue<string>() ?? "";
        var dropped = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            var (intake, errors) = DealIntakeParser.Parse(JsonSerializer.SerializeToElement(deal));
            if (intake is not null)
            {
                if (dropped.Count > 0)
                {
                    CrmLog.DroppedFields(logger, crm, crmId, string.Join(", ", dropped.Distinct(StringComparer.Ordinal)));
                }

                var result = await handoffs.IntakeAsync(intake, ct);
                CrmLog.TakenIn(logger, crm, crmId, result.Handoff.Id, result.Created, result.Changed.Count == 0 ? "nothing" : string.Join(",", result.Changed));
                return result;
            }

            var fatal = errors.Where(e => RequiredFields.Contains(e.Field)).ToList();
            if (fatal.Count > 0)
            {
                throw new CrmDealInvalidException(crm, $"deal {crmId} cannot be taken in: " + string.Join("; ", fatal.Select(e =>
                    $"{e.Field}{(sourceOf.TryGetValue(e.Field, out var source) ? $" (from {source})" : " (no mapped source has a value)")}: {e.Message}")));
            }

            foreach (var error in errors.OrderByDescending(e => e.Field, StringComparer.Ordinal))
            {
                Remove(deal, error.Field);
                dropped.Add(error.Field);
            }

            Compact(deal);
        }

        throw new CrmDealInvalidException(crm, $"deal {crmId} cannot be taken in: fields {string.Join(", ", dropped)} kept failing.");
    }

    /// <summary>Removes the value at an intake error path such as <c>context.stakeholders[2].email</c>.</summary>
    private static void Remove(JsonObject root, string path)
    {
        JsonNode? parent = null;
        JsonNode? node = root;
        object? last = null;
        foreach (Match m in Segment().Matches(path))
        {
            parent = node;
            last = m.Groups[1].Value;
            node = (node as JsonObject)?[m.Groups[1].Value];
            if (m.Groups[2].Success)
            {
                parent = node;
                last = int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                node = node is JsonArray a && (int)last < a.Count ? a[(int)last] : null;
            }
        }

        switch (parent, last)
        {
            case (JsonObject o, string key):
                o.Remove(key);
                break;
            case (JsonArray a, int index) when index < a.Count:
                a[index] = null;
                break;
        }
    }

    /// <summary>Array items removed above were set to null (so later paths kept their indexes); drop them now.</summary>
    private static void Compact(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (_, child) in o.ToList())
                {
                    Compact(child);
                }

                break;
            case JsonArray a:
                for (var i = a.Count - 1; i >= 0; i--)
                {
                    if (a[i] is null) a.RemoveAt(i);
                    else Compact(a[i]);
                }

                break;
        }
    }

    [GeneratedRegex(@"([A-Za-z]+)(?:\[(\d+)\])?")]
    private static partial Regex Segment();
}
