using System.Text.Json.Nodes;
using HandoffBot.Core.Crm;

namespace HandoffBot.Crm.HubSpot;

/// <summary>A deal as read through the CRM API, and whether HubSpot counts it as won.</summary>
public sealed record HubSpotDeal(CrmDealRecord Record, bool Won, string? Pipeline, string? Stage);

/// <summary>
/// Reads a deal through the CRM API v3: its properties with the associated companies, contacts and
/// line items (one call), then those records in batches, and the owners' emails (archived owners too).
/// </summary>
public sealed class HubSpotDealReader(HubSpotApiClient api, HubSpotPipelines pipelines)
{
    private const int MaxBatch = 100;

    private static readonly string[] DealBase = ["dealname", "dealstage", "pipeline", "amount", "closedate", "hubspot_owner_id", "hs_is_closed_won", "deal_currency_code"];

    public async Task<HubSpotDeal?> ReadAsync(string dealId, string? portalId, CrmSourceMapping mapping, CancellationToken ct)
    {
        var sources = mapping.Fields.Values.SelectMany(s => s).Distinct(StringComparer.Ordinal).ToList();
        var dealProps = DealBase.Concat(Props(sources, "deal")).Distinct(StringComparer.Ordinal);
        var deal = await api.GetAsync(
            $"crm/v3/objects/deals/{Uri.EscapeDataString(dealId)}?properties={Uri.EscapeDataString(string.Join(',', dealProps))}&associations=companies,contacts,line_items&archived=false",
            ct);
        if (deal is null)
        {
            return null;
        }

        var properties = deal.Obj("properties");
        var values = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (name, value) in properties ?? [])
        {
            values["deal." + name] = value is JsonValue ? properties.Str(name) : null;
        }

        var stage = properties.Str("dealstage");
        var pipeline = properties.Str("pipeline");
        var won = await IsWonAsync(properties.Str("hs_is_closed_won"), stage, mapping, ct);

        var associations = deal.Obj("associations");
        var companyIds = Ids(associations, "companies", primaryType: "deal_to_company");
        if (companyIds.Count > 0)
        {
            var company = (await BatchAsync("companies", companyIds.Take(1), ["name", "domain", .. Props(sources, "company")], ct)).FirstOrDefault();
            foreach (var (name, value) in company.Obj("properties") ?? [])
            {
                values["company." + name] = value is JsonValue ? company.Obj("properties").Str(name) : null;
            }
        }

        var owners = new Dictionary<string, string?>(StringComparer.Ordinal);
        if (properties.Str("hubspot_owner_id") is { Length: > 0 } ownerId)
        {
            values["owner.email"] = await OwnerEmailAsync(ownerId, owners, ct);
        }

        foreach (var source in sources.Where(s => s.StartsWith("owner:", StringComparison.Ordinal)))
        {
            if (values.GetValueOrDefault(source["owner:".Length..]) is { Length: > 0 } referenced)
            {
                values[source] = await OwnerEmailAsync(referenced.Split(';')[0], owners, ct);
            }
        }

        var contacts = new List<CrmContact>();
        var contactIds = Ids(associations, "contacts");
        if (contactIds.Count > 0)
        {
            var labels = await LabelsAsync(dealId, ct);
            string[] contactProps = mapping.RoleProperty is { } role ? ["email", "firstname", "lastname", "jobtitle", role] : ["email", "firstname", "lastname", "jobtitle"];
            foreach (var c in await BatchAsync("contacts", contactIds.Take(CrmDealMapper.MaxListItems), contactProps, ct))
            {
                var p = c.Obj("properties");
                // The deal's own association label (e.g. "Decision maker") first, then the contact's
                // buying role, a multiple checkbox whose values HubSpot separates with ';'.
                var buying = mapping.RoleProperty is { } r && p.Str(r) is { Length: > 0 } v ? v.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : [];
                var roles = labels.GetValueOrDefault(c.Str("id") ?? "", []).Concat(buying).ToList();
                contacts.Add(new CrmContact(p.Str("firstname"), p.Str("lastname"), p.Str("email"), p.Str("jobtitle"), roles));
            }
        }

        var items = new List<CrmLineItem>();
        var itemIds = Ids(associations, "line_items", alias: "line items");
        if (itemIds.Count > 0)
        {
            foreach (var item in await BatchAsync("line_items", itemIds.Take(CrmDealMapper.MaxListItems), ["name", "quantity", "price", "amount", "hs_product_id"], ct))
            {
                var p = item.Obj("properties");
                if (p.Str("name") is { Length: > 0 } name)
                {
                    items.Add(new CrmLineItem(name, decimal.TryParse(p.Str("quantity"), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture, out var q) ? q : null));
                }
            }
        }

        var id = deal.Str("id") ?? dealId;
        var record = new CrmDealRecord
        {
            CrmId = id,
            Url = portalId is { Length: > 0 } ? new Uri($"https://app.hubspot.com/contacts/{portalId}/record/0-3/{Uri.EscapeDataString(id)}") : null,
            Values = values,
            Contacts = contacts,
            LineItems = items,
        };
        return new HubSpotDeal(record, won, pipeline, stage);
    }

    /// <summary>Association labels between the deal and its contacts (associations v4); HubSpot's unlabelled default has none.</summary>
    private async Task<Dictionary<string, List<string>>> LabelsAsync(string dealId, CancellationToken ct)
    {
        var labels = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var answer = await api.GetAsync($"crm/v4/objects/deals/{Uri.EscapeDataString(dealId)}/associations/contacts?limit=500", ct);
        foreach (var result in answer.Arr("results")?.OfType<JsonObject>() ?? [])
        {
            if (result.Str("toObjectId") is not { } contact)
            {
                continue;
            }

            var names = (result.Arr("associationTypes")?.OfType<JsonObject>() ?? []).Select(t => t.Str("label")).OfType<string>().Where(l => l.Length > 0);
            labels[contact] = [.. names];
        }

        return labels;
    }

    private async Task<bool> IsWonAsync(string? closedWon, string? stage, CrmSourceMapping mapping, CancellationToken ct)
    {
        if (stage is not null && mapping.WonStages.Contains(stage, StringComparer.Ordinal))
        {
            return true;
        }

        if (closedWon is not null)
        {
            return string.Equals(closedWon, "true", StringComparison.OrdinalIgnoreCase);
        }

        return stage is not null && (await pipelines.StagesAsync(ct)).GetValueOrDefault(stage);
    }

    private async Task<string?> OwnerEmailAsync(string ownerId, Dictionary<string, string?> known, CancellationToken ct)
    {
        if (known.TryGetValue(ownerId, out var email))
        {
            return email;
        }

        if (!ownerId.All(char.IsAsciiDigit) || ownerId.Length > 30)
        {
            return known[ownerId] = null;
        }

        // A deactivated user's owner record is archived: only archived=true finds it.
        var owner = await api.GetAsync($"crm/v3/owners/{ownerId}?idProperty=id&archived=false", ct)
            ?? await api.GetAsync($"crm/v3/owners/{ownerId}?idProperty=id&archived=true", ct);
        return known[ownerId] = owner.Str("email");
    }

    private async Task<List<JsonObject>> BatchAsync(string type, IEnumerable<string> ids, IEnumerable<string> props, CancellationToken ct)
    {
        var all = new List<JsonObject>();
        foreach (var chunk in ids.Chunk(MaxBatch))
        {
            var body = new JsonObject
            {
                ["properties"] = new JsonArray([.. props.Distinct(StringComparer.Ordinal).Select(p => (JsonNode)p)]),
                ["inputs"] = new JsonArray([.. chunk.Select(id => (JsonNode)new JsonObject { ["id"] = id })]),
            };
            var answer = await api.PostAsync($"crm/v3/objects/{type}/batch/read?archived=false", body, ct);
            var byId = (answer.Arr("results")?.OfType<JsonObject>() ?? []).Where(r => r.Str("id") is not null).ToDictionary(r => r.Str("id")!, StringComparer.Ordinal);
            // Batch answers come in no particular order: keep the deal's.
            all.AddRange(chunk.Where(byId.ContainsKey).Select(id => byId[id]));
        }

        return all;
    }

    private static List<string> Ids(JsonObject? associations, string key, string? primaryType = null, string? alias = null)
    {
        var results = (associations.Obj(key) ?? (alias is null ? null : associations.Obj(alias))).Arr("results")?.OfType<JsonObject>().ToList() ?? [];
        var ids = results
            .OrderBy(r => primaryType is not null && string.Equals(r.Str("type"), primaryType, StringComparison.Ordinal) ? 0 : 1)
            .Select(r => r.Str("id"))
            .Where(id => id is { Length: > 0 and <= 30 } && id.All(char.IsAsciiDigit))
            .Select(id => id!);
        return [.. ids.Distinct(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> Props(IEnumerable<string> sources, string obj) =>
        sources
            .Select(s => s.StartsWith("owner:", StringComparison.Ordinal) ? s["owner:".Length..] : s)
            .Where(s => s.StartsWith(obj + ".", StringComparison.Ordinal))
            .Select(s => s[(obj.Length + 1)..]);
}
