using System.Globalization;
using System.Text.Json.Nodes;
using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Crm;

/// <summary>
/// Turns a CRM deal into the deal webhook's JSON, so that it goes through exactly the same
/// validation as every other intake. Also says which source fed each field, so that a refusal
/// can name the CRM property to fix.
/// </summary>
public static class CrmDealMapper
{
    /// <summary>Lists are capped here, at the context grammar's limit, so a huge deal still comes in.</summary>
    public const int MaxListItems = ContextGrammar.MaxItems;

    private const int MaxTextLength = ContextGrammar.MaxTextLength;
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

            var field = CrmTargets.Context.Contains(target) ? ContextGrammar.Find(target) : null;
            var node = field is not null ? field.CrmJson(value)
                : target switch
                {
                    CrmTargets.CloseDate => ContextValues.CrmDate(value),
                    CrmTargets.Notes => new JsonArray(new JsonObject { ["id"] = "crm:" + source, ["text"] = Clip(value, MaxNoteLength) }),
                    _ => Clip(value),
                };
            if (node is null)
            {
                continue;
            }

            sourceOf[target] = source!;
            (field is not null ? context : deal)[target] = node;
        }

        deal["currency"] ??= mapping.DefaultCurrency;
        var sold = record.LineItems
            .Where(i => !string.IsNullOrWhiteSpace(i.Name))
            .Take(MaxListItems)
            .Select(Sold)
            .ToArray();
        if (sold.Length > 0)
        {
            context["whatWasSold"] = new JsonArray(sold);
        }

        var people = record.Contacts.Select(c => Stakeholder(c, mapping)).OfType<JsonNode>().Take(MaxListItems).ToArray();
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

    /// <summary>A line item as what was sold; a quantity that is not a seat count (fractional, 0, huge) is left out.</summary>
    private static JsonNode Sold(CrmLineItem item)
    {
        var seats = item.Quantity is { } q && q >= 1 && q <= SoldLine.MaxSeats && q == decimal.Truncate(q) ? (int)q : (int?)null;
        return ContextGrammar.WhatWasSold.Item.ToJson(new SoldItem(Clip(item.Name.Trim(), SoldLine.MaxProductLength), seats));
    }

    /// <summary>A contact as a stakeholder; the email goes as the CRM has it and the intake checks it (a bad one is dropped, not the deal).</summary>
    private static JsonNode? Stakeholder(CrmContact contact, CrmSourceMapping mapping)
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

        var title = string.IsNullOrWhiteSpace(contact.Title) ? null : Clip(contact.Title.Trim(), ContextGrammar.MaxNameLength);
        var email = string.IsNullOrWhiteSpace(contact.Email) ? null : contact.Email.Trim();
        return ContextGrammar.Stakeholders.Item.ToJson(new Stakeholder(Clip(name, ContextGrammar.MaxNameLength), email, mapping.RoleFor(contact.RoleValues), title));
    }

    private static string Clip(string text, int max = MaxTextLength) => ContextValues.Clip(text, max);
}
