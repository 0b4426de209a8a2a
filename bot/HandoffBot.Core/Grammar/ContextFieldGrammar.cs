using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Grammar;

/// <summary>
/// One deal-context field's grammar: how it is read from the deal JSON (webhook, import, CRM), from a
/// CRM property's text, from the chat form, how two values compare, how an incoming value merges
/// ("the AE's edits win": only an empty field takes it) and how it is written back. Every surface goes
/// through these, so a field behaves the same wherever it comes from. See <see cref="ContextGrammar"/>.
/// </summary>
public abstract class ContextFieldGrammar(ContextField field)
{
    public ContextField Field { get; } = field;

    /// <summary>The key on every surface: deal JSON property, form input id / row list, playbook key.</summary>
    public string Key => Field.Key();

    /// <summary>Whether the AE may confirm the field as "none" (no risks…) instead of filling it.</summary>
    public bool CanBeNone => ContextFields.CanBeNone.Contains(Field);

    /// <summary>Whether a CRM property's text can feed the field (<c>crm-mapping.yaml</c>).</summary>
    public abstract bool FromCrmText { get; }

    /// <summary>Whether the CRM text holds one item per line.</summary>
    public abstract bool IsList { get; }

    public abstract bool HasValue(DealContext context);

    /// <summary>How many items the field holds (a single-value field: 0 or 1).</summary>
    public abstract int Count(DealContext context);

    /// <summary>Whether the chat form holds the field as repeating rows (<c>list.N.part</c>).</summary>
    public virtual bool HasFormRows => false;

    public bool IsConfirmedNone(DealContext context) => CanBeNone && context.ConfirmedNone.Contains(Field);

    /// <summary>No value and not confirmed "none": the only state an incoming value may fill.</summary>
    public bool IsEmpty(DealContext context) => !HasValue(context) && !IsConfirmedNone(context);

    /// <summary>Same value and the same "none" flag.</summary>
    public bool Same(DealContext a, DealContext b) =>
        SameValue(a, b) && a.ConfirmedNone.Contains(Field) == b.ConfirmedNone.Contains(Field);

    /// <summary>The AE's edits win: <paramref name="incoming"/> (value or "none") fills the field only while it is empty in <paramref name="current"/>.</summary>
    public DealContext Merge(DealContext current, DealContext incoming)
    {
        if (!IsEmpty(current) || IsEmpty(incoming))
        {
            return current;
        }

        return IsConfirmedNone(incoming) && !HasValue(incoming)
            ? current with { ConfirmedNone = new HashSet<ContextField>(current.ConfirmedNone) { Field } }
            : CopyValue(current, incoming);
    }

    public abstract bool SameValue(DealContext a, DealContext b);

    public abstract DealContext CopyValue(DealContext into, DealContext from);

    /// <summary>Reads the field from the deal JSON's <c>context</c> object; problems under <c>context.key…</c>.</summary>
    public abstract DealContext FromJson(DealContext into, JsonElement context, List<FieldError> errors, DateOnly? closeDate);

    /// <summary>Writes the field into a deal JSON <c>context</c> object (nothing when it has no value).</summary>
    public abstract void ToJson(DealContext context, JsonObject into);

    /// <summary>A CRM property's text as the deal JSON value the intake reads (null: nothing usable).</summary>
    public abstract JsonNode? CrmJson(string text);

    /// <summary>Whether the submitted form carried any input of this field (a form that shows only some fields never wipes the others).</summary>
    public abstract bool Carried(ContextFormInputs form);

    /// <summary>Reads the field from the chat form; problems under the input ids.</summary>
    public abstract DealContext FromForm(DealContext into, ContextFormInputs form, List<FieldError> errors, DateOnly? closeDate);

    /// <summary>The form's stored values by input id (rows: existing items, no blanks).</summary>
    public abstract IReadOnlyDictionary<string, string> ToForm(DealContext context);
}
