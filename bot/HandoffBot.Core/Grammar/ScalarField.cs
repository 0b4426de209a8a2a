using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Grammar;

/// <summary>A single-value field (expansion potential, target go-live): one part, read and written the same on every surface.</summary>
/// <param name="check">A rule against the deal (go-live not before the close date): the problem, or null when fine.</param>
public sealed class ScalarField(
    ContextField field,
    Part part,
    Func<DealContext, object?> get,
    Func<DealContext, object?, DealContext> set,
    Func<object, DateOnly?, string?>? check = null,
    Func<string, string>? fromCrm = null) : ContextFieldGrammar(field)
{
    public Part Part { get; } = part;

    public override bool FromCrmText => true;

    public override bool IsList => false;

    public object? Get(DealContext context) => get(context);

    public override bool HasValue(DealContext context) => get(context) is { } v && (v is not string s || !string.IsNullOrWhiteSpace(s));

    public override int Count(DealContext context) => HasValue(context) ? 1 : 0;

    public override bool SameValue(DealContext a, DealContext b) => Equals(get(a), get(b));

    public override DealContext CopyValue(DealContext into, DealContext from) => set(into, get(from));

    public override DealContext FromJson(DealContext into, JsonElement context, List<FieldError> errors, DateOnly? closeDate)
    {
        if (!SurfaceReaders.FromJson(context, Part, "context.", errors, out var value))
        {
            return into;
        }

        if (value is not null && check?.Invoke(value, closeDate) is { } problem)
        {
            errors.Add(new FieldError("context." + Key, problem));
            return into;
        }

        return set(into, value);
    }

    public override void ToJson(DealContext context, JsonObject into)
    {
        if (HasValue(context))
        {
            into[Key] = Part.Format(get(context)!);
        }
    }

    /// <summary>The CRM's text (dates as the CRM sends them, see <see cref="ContextValues.CrmDate"/>), clipped to the limit.</summary>
    public override JsonNode? CrmJson(string text)
    {
        var value = ContextValues.Clip((fromCrm ?? (t => t))(text.Trim()), Part.MaxLength);
        return value.Length > 0 ? JsonValue.Create(value) : null;
    }

    public override bool Carried(ContextFormInputs form) => form.Has(Key);

    public override DealContext FromForm(DealContext into, ContextFormInputs form, List<FieldError> errors, DateOnly? closeDate)
    {
        if (!SurfaceReaders.FromForm(form.Value(Key), Part, Key, errors, out var value))
        {
            return set(into, null);
        }

        if (value is not null && check?.Invoke(value, closeDate) is { } problem)
        {
            errors.Add(new FieldError(Key, problem));
            return set(into, null);
        }

        return set(into, value);
    }

    public override IReadOnlyDictionary<string, string> ToForm(DealContext context) =>
        new Dictionary<string, string>(StringComparer.Ordinal) { [Key] = HasValue(context) ? Part.Format(get(context)!) : "" };
}
