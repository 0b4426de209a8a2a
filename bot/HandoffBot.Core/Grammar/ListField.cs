using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application.Actions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Grammar;

/// <summary>A list field (goals, stakeholders, risks…): its items' grammar plus where the list sits in the context.</summary>
public sealed class ListField<T>(
    ContextField field,
    ItemGrammar<T> item,
    Func<DealContext, IReadOnlyList<T>> get,
    Func<DealContext, IReadOnlyList<T>, DealContext> set,
    bool fromCrmText) : ContextFieldGrammar(field)
{
    public ItemGrammar<T> Item { get; } = item;

    public override bool FromCrmText { get; } = fromCrmText;

    public override bool IsList => true;

    public IReadOnlyList<T> Get(DealContext context) => get(context);

    public DealContext Set(DealContext context, IReadOnlyList<T> items) => set(context, items);

    public override bool HasValue(DealContext context) => get(context).Count > 0;

    public override int Count(DealContext context) => get(context).Count;

    public override bool HasFormRows => Item.FormRows;

    public override bool SameValue(DealContext a, DealContext b) => get(a).SequenceEqual(get(b), Item.Comparer);

    public override DealContext CopyValue(DealContext into, DealContext from) => set(into, get(from));

    /// <summary>Whether the list holds the item (by content).</summary>
    public bool Contains(DealContext context, T value) => get(context).Contains(value, Item.Comparer);

    public override DealContext FromJson(DealContext into, JsonElement context, List<FieldError> errors, DateOnly? closeDate)
    {
        var path = "context." + Key;
        if (!context.TryGetProperty(Key, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return set(into, []);
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            errors.Add(new FieldError(path, "Expected an array."));
            return into;
        }

        if (value.GetArrayLength() > ContextGrammar.MaxItems)
        {
            errors.Add(new FieldError(path, $"Too many items ({value.GetArrayLength()}; at most {ContextGrammar.MaxItems})."));
            return into;
        }

        var items = new List<T>();
        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            if (Item.FromJson(element, $"{path}[{i++}]", errors) is { } parsed)
            {
                items.Add(parsed);
            }
        }

        return set(into, items);
    }

    public override void ToJson(DealContext context, JsonObject into)
    {
        if (HasValue(context))
        {
            into[Key] = new JsonArray([.. get(context).Select(Item.ToJson)]);
        }
    }

    /// <summary>One item per line, at most <see cref="ContextGrammar.MaxItems"/> (the rest is left out, not refused: a huge CRM note still comes in).</summary>
    public override JsonNode? CrmJson(string text)
    {
        var items = ContextValues.Lines(text)
            .Select(line => Item.FromLine(ContextValues.Clip(line, Item.MaxLineLength), out _))
            .OfType<T>()
            .Take(ContextGrammar.MaxItems)
            .Select(Item.ToJson)
            .ToArray();
        return items.Length > 0 ? new JsonArray(items) : null;
    }

    public override bool Carried(ContextFormInputs form) => Item.FormRows ? form.HasRows(Key) : form.Has(Key);

    public override DealContext FromForm(DealContext into, ContextFormInputs form, List<FieldError> errors, DateOnly? closeDate) =>
        set(into, Item.FormRows ? FromRows(form, errors) : FromLines(form.Value(Key), errors));

    public override IReadOnlyDictionary<string, string> ToForm(DealContext context)
    {
        var items = get(context);
        if (!Item.FormRows)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal) { [Key] = string.Join("\n", items.Select(Item.ToLine)) };
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < items.Count; i++)
        {
            foreach (var (part, text) in Item.ToRow(items[i]))
            {
                values[ActionInputs.Row(Key, i, part)] = text;
            }
        }

        return values;
    }

    private List<T> FromLines(string? text, List<FieldError> errors)
    {
        var lines = ContextValues.Lines(text).ToList();
        if (lines.Count > ContextGrammar.MaxItems)
        {
            errors.Add(new FieldError(Key, $"At most {ContextGrammar.MaxItems} lines."));
            return [];
        }

        var items = new List<T>();
        foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)))
        {
            if (line.Length > Item.MaxLineLength)
            {
                errors.Add(new FieldError(Key, $"Line {number} is longer than {Item.MaxLineLength} characters."));
            }
            else if (Item.FromLine(line, out var problem) is { } parsed)
            {
                items.Add(parsed);
            }
            else
            {
                errors.Add(new FieldError(Key, $"Line {number}: {problem}"));
            }
        }

        return items;
    }

    private List<T> FromRows(ContextFormInputs form, List<FieldError> errors)
    {
        var rows = form.FilledRows(Key);
        if (rows.Count > ContextGrammar.MaxItems)
        {
            errors.Add(new FieldError(Key, $"At most {ContextGrammar.MaxItems} rows."));
            return [];
        }

        var items = new List<T>();
        foreach (var (index, row) in rows)
        {
            if (Item.FromRow(row, part => ActionInputs.Row(Key, index, part), errors) is { } parsed)
            {
                items.Add(parsed);
            }
        }

        return items;
    }
}
