using HandoffBot.Core.Brief;
using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Application.Actions;

/// <summary>What the context form said: the edited context, per-input errors, and which fields the form carried.</summary>
/// <param name="Context">The current context with every field the form carried replaced by what it said.</param>
/// <param name="Errors">One per input that could not be read (by input id, e.g. <c>commitments.1.due</c>); empty = all good.</param>
/// <param name="Fields">The fields the form carried; the others were left as they were.</param>
/// <param name="CustomerTimeZone">The customer's time zone (IANA id) when the form carried one (it is a deal field, not context).</param>
public sealed record ContextFormResult(DealContext Context, IReadOnlyList<FieldError> Errors, IReadOnlySet<ContextField> Fields, string? CustomerTimeZone = null)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// Reads the AE's context form (Teams card or Slack modal; the same input ids, see <see cref="ActionInputs"/>)
/// into a <see cref="DealContext"/>, field by field through the context grammar (<see cref="ContextGrammar"/>).
/// A field is only touched when the form carried one of its inputs, so a form that shows only the missing
/// fields never wipes the others. The formats, one item per line or row:
/// <list type="bullet">
/// <item><c>whatWasSold</c>: one product per line, <c>Product[, N seats][ (Module, Module)]</c>.</item>
/// <item><c>goals</c>, <c>successCriteria</c>: one per line.</item>
/// <item>Rows <c>commitments.N.what|due|by</c>, <c>stakeholders.N.name|title|role|email</c>,
/// <c>risks.N.category|severity|description</c>, <c>specialTerms.N.kind|text</c>; a row left blank is ignored.
/// Choices are the snake_case enum names (<c>economic_buyer</c>); dates <c>yyyy-MM-dd</c>.</item>
/// <item><c>none.commitments</c>, <c>none.risks</c>, <c>none.specialTerms</c>: "true" = none on purpose.</item>
/// <item><c>expansionPotential</c>: free text; <c>targetGoLive</c>: a date; <c>customerTimeZone</c>: an IANA id.</item>
/// </list>
/// </summary>
public static class ContextFormReader
{
    public const int MaxItems = ContextGrammar.MaxItems;
    public const int MaxItemLength = ContextGrammar.MaxTextLength;
    public const int MaxSeats = SoldLine.MaxSeats;

    public static ContextFormResult Read(DealContext current, IReadOnlyDictionary<string, string?> inputs, DateOnly? closeDate = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(inputs);
        var errors = new List<FieldError>();
        var fields = new HashSet<ContextField>();
        var form = new ContextFormInputs(RestoreShortened(current, inputs));
        var context = current;
        foreach (var field in ContextGrammar.Fields.Where(f => f.Carried(form)))
        {
            fields.Add(field.Field);
            context = field.FromForm(context, form, errors, closeDate);
        }

        string? zone = null;
        var customerTimeZone = ContextField.CustomerTimeZone.Key();
        if (form.Value(customerTimeZone) is { } rawZone)
        {
            fields.Add(ContextField.CustomerTimeZone);
            if (!ContextValues.TryParseTimeZone(rawZone, out zone))
            {
                errors.Add(new FieldError(customerTimeZone, ContextValues.TimeZoneHint));
            }
        }

        context = ReadNone(context, form, fields, errors);
        return errors.Count > 0 ? new ContextFormResult(current, errors, fields) : new ContextFormResult(context, [], fields, zone);
    }

    /// <summary>What a form shows at the end of a value it had to shorten (a card's input limit, Slack's 3,000 characters).</summary>
    public const char Ellipsis = '\u2026';

    /// <summary>
    /// A stored value longer than its input can show is shown cut, ending in <see cref="Ellipsis"/>. Sent back
    /// as shown, it means "unchanged": the whole stored value is kept, never the cut one saved over it. Any
    /// other text is what the person typed.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> RestoreShortened(DealContext current, IReadOnlyDictionary<string, string?> inputs)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!inputs.Values.Any(v => v is not null && v.TrimEnd().EndsWith(Ellipsis)))
        {
            return inputs;
        }

        var stored = ContextGrammar.Fields.SelectMany(f => f.ToForm(current)).ToDictionary(v => v.Key, v => v.Value, StringComparer.Ordinal);
        var restored = new Dictionary<string, string?>(inputs, StringComparer.Ordinal);
        foreach (var (id, value) in inputs)
        {
            if (value is null || !stored.TryGetValue(id, out var whole))
            {
                continue;
            }

            var sent = value.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            var full = whole.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
            if (sent.Length > 1 && sent[^1] == Ellipsis && full.Length >= sent.Length && full.StartsWith(sent[..^1].TrimEnd(), StringComparison.Ordinal)
                && !full.StartsWith(sent, StringComparison.Ordinal))
            {
                restored[id] = whole;
            }
        }

        return restored;
    }

    /// <summary>Whether the inputs hold any context-form input (as opposed to only the action's data).</summary>
    public static bool CarriesForm(IReadOnlyDictionary<string, string?> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Keys.Any(k => k.Length < 200
            && (ContextFields.TryParseKey(k, out _) || k.StartsWith("none.", StringComparison.Ordinal)
                || (ContextFormInputs.IsRowId(k) && ContextGrammar.Find(k[..k.IndexOf('.', StringComparison.Ordinal)]) is { HasFormRows: true })));
    }

    /// <summary>Reads a choice given as its snake_case name, its words or its C# name ("economic_buyer", "Economic buyer"); never a number.</summary>
    public static bool TryChoice<TEnum>(string? raw, out TEnum value)
        where TEnum : struct, Enum => EnumText.TryParse(raw, out value);

    public static bool TryDate(string? raw, out DateOnly date) => ContextValues.TryParseDate(raw, out date);

    /// <summary>"Fleet Platform, 250 seats (Routing, Telematics)" → product, seats, modules.</summary>
    public static SoldItem? ParseSold(string line, out string error) => ContextGrammar.WhatWasSold.Item.FromLine(line, out error);

    /// <summary>The "none" toggles; filling a list in counts as "not none" even when its toggle was not on the form.</summary>
    private static DealContext ReadNone(DealContext context, ContextFormInputs form, HashSet<ContextField> fields, List<FieldError> errors)
    {
        var none = new HashSet<ContextField>(context.ConfirmedNone);
        foreach (var field in ContextGrammar.Fields.Where(f => f.CanBeNone))
        {
            var id = ActionInputs.None(field.Field);
            if (!form.Has(id))
            {
                continue;
            }

            fields.Add(field.Field);
            var on = string.Equals(form.Value(id), "true", StringComparison.OrdinalIgnoreCase);
            if (on && field.HasValue(context))
            {
                errors.Add(new FieldError(id, $"You listed {field.Count(context)} and ticked \"none\": clear the rows or untick it."));
            }
            else if (on)
            {
                none.Add(field.Field);
            }
            else
            {
                none.Remove(field.Field);
            }
        }

        foreach (var field in ContextGrammar.Fields.Where(f => fields.Contains(f.Field) && f.HasValue(context)))
        {
            none.Remove(field.Field);
        }

        return none.SetEquals(context.ConfirmedNone) ? context : context with { ConfirmedNone = none };
    }
}
