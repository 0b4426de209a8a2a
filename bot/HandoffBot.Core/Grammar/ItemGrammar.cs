using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Grammar;

/// <summary>How one item of a list field is read and written on every surface.</summary>
public abstract class ItemGrammar<T>
{
    /// <summary>Items compare by content (ordinal text; emails are already normalised).</summary>
    public virtual IEqualityComparer<T> Comparer => EqualityComparer<T>.Default;

    /// <summary>True when the chat form holds this list as rows of inputs (<c>list.N.part</c>); false: one item per line.</summary>
    public abstract bool FormRows { get; }

    /// <summary>The parts of a row (empty for line items).</summary>
    public virtual IReadOnlyList<Part> Parts => [];

    /// <summary>The item's property names in the brief JSON.</summary>
    public virtual IReadOnlyList<string> BriefParts => [.. Parts.Select(p => p.Name)];

    /// <summary>The longest line the chat form or a CRM property may hold for one item.</summary>
    public virtual int MaxLineLength => ContextGrammar.MaxTextLength;

    public abstract T? FromJson(JsonElement element, string path, List<FieldError> errors);

    public abstract JsonNode ToJson(T item);

    /// <summary>One line of the chat form (line items) or of a CRM text property; null with a problem when unreadable.</summary>
    public abstract T? FromLine(string line, out string problem);

    public abstract string ToLine(T item);

    public virtual T? FromRow(IReadOnlyDictionary<string, string> row, Func<string, string> inputId, List<FieldError> errors) =>
        throw new NotSupportedException("Line items have no rows.");

    /// <summary>The row's input values by form part name (row items only).</summary>
    public virtual IReadOnlyDictionary<string, string> ToRow(T item) => throw new NotSupportedException("Line items have no rows.");

    /// <summary>The brief JSON's parts (property name → text) of one item.</summary>
    public abstract IEnumerable<KeyValuePair<string, string?>> ToBrief(T item);

    /// <summary>
    /// Reads an item from the brief JSON leniently (an LLM wrote it): unreadable choices take their
    /// fallback (<paramref name="guessed"/>), a missing main text takes <paramref name="quote"/>; null = skip.
    /// </summary>
    public abstract T? FromBrief(Func<string, string?> part, string quote, out bool guessed);
}

/// <summary>An item made of named parts (a commitment, a stakeholder, a risk, a special term).</summary>
/// <param name="parts">In order; <paramref name="build"/> gets their values in the same order.</param>
/// <param name="mainPart">The text a CRM line or a quote fills when the item is given as one line.</param>
/// <param name="quoteFallback">Whether a brief item without its main text takes the quote (a stakeholder without a name is skipped).</param>
public sealed class RowItem<T>(IReadOnlyList<Part> parts, Func<object?[], T> build, Func<T, object?[]> split, int mainPart, bool quoteFallback = true) : ItemGrammar<T>
{
    public override bool FormRows => true;

    public override IReadOnlyList<Part> Parts => parts;

    public override int MaxLineLength => parts[mainPart].MaxLength;

    public override T? FromJson(JsonElement element, string path, List<FieldError> errors)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "Expected an object."));
            return default;
        }

        var values = new object?[parts.Count];
        var ok = true;
        for (var i = 0; i < parts.Count; i++)
        {
            ok &= SurfaceReaders.FromJson(element, parts[i], path + ".", errors, out values[i]);
        }

        return Complete(values, ok);
    }

    public override JsonNode ToJson(T item)
    {
        var node = new JsonObject();
        foreach (var (part, text) in Texts(item))
        {
            node[part.Name] = text;
        }

        return node;
    }

    /// <summary>A CRM line is the main text; the other parts take their fallback (a special term of kind "other").</summary>
    public override T? FromLine(string line, out string problem)
    {
        problem = "";
        var values = new object?[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            values[i] = i == mainPart ? ContextValues.Clip(line.Trim(), parts[i].MaxLength) : parts[i].Fallback;
        }

        return Complete(values, true);
    }

    public override string ToLine(T item) => parts[mainPart].Format(split(item)[mainPart]!);

    public override T? FromRow(IReadOnlyDictionary<string, string> row, Func<string, string> inputId, List<FieldError> errors)
    {
        var values = new object?[parts.Count];
        var ok = true;
        // The main text last, so its "say what…" hint follows the row's other problems, as the card lists them.
        foreach (var i in Enumerable.Range(0, parts.Count).OrderBy(i => i == mainPart))
        {
            ok &= SurfaceReaders.FromForm(row.GetValueOrDefault(parts[i].FormName), parts[i], inputId(parts[i].FormName), errors, out values[i]);
        }

        return Complete(values, ok);
    }

    public override IReadOnlyDictionary<string, string> ToRow(T item)
    {
        var row = parts.ToDictionary(p => p.FormName, _ => "", StringComparer.Ordinal);
        foreach (var (part, text) in Texts(item))
        {
            row[part.FormName] = text;
        }

        return row;
    }

    public override IEnumerable<KeyValuePair<string, string?>> ToBrief(T item) =>
        Texts(item).Select(t => new KeyValuePair<string, string?>(t.Part.Name, t.Text));

    public override T? FromBrief(Func<string, string?> part, string quote, out bool guessed)
    {
        guessed = false;
        var values = new object?[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            values[i] = SurfaceReaders.Lenient(part(parts[i].Name), parts[i], out var fellBack);
            guessed |= fellBack;
        }

        if (values[mainPart] is null && quoteFallback && !string.IsNullOrWhiteSpace(quote))
        {
            values[mainPart] = ContextValues.Clip(quote, parts[mainPart].MaxLength);
        }

        return Complete(values, true);
    }

    private IEnumerable<(Part Part, string Text)> Texts(T item)
    {
        var values = split(item);
        for (var i = 0; i < parts.Count; i++)
        {
            if (values[i] is { } value && (value is not string s || s.Length > 0))
            {
                yield return (parts[i], parts[i].Format(value));
            }
        }
    }

    private T? Complete(object?[] values, bool ok)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            ok &= !parts[i].Required || values[i] is not null;
        }

        return ok ? build(values) : default;
    }
}
