using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Grammar;

/// <summary>
/// One named piece of a context item (a commitment's <c>due</c>, a stakeholder's <c>email</c>) or a
/// scalar context field: its names on each surface, its limit and how its text is read and written.
/// Every surface hands a part trimmed, non-empty text no longer than <see cref="MaxLength"/>.
/// </summary>
public abstract class Part(string name, int maxLength, bool required, string hint, string? formName = null)
{
    /// <summary>The property name in the deal JSON and the brief JSON.</summary>
    public string Name { get; } = name;

    /// <summary>The row part in the chat form's input id (<c>commitments.0.by</c>).</summary>
    public string FormName { get; } = formName ?? name;

    public int MaxLength { get; } = maxLength;

    public bool Required { get; } = required;

    /// <summary>What the chat form says under the input when the value is missing or unreadable.</summary>
    public string Hint { get; } = hint;

    public abstract bool TryRead(string text, out object? value);

    public abstract string Format(object value);

    /// <summary>The deal webhook's (API) wording for unreadable text.</summary>
    public virtual string Problem(string text) => Hint;

    /// <summary>The chat form's wording for unreadable text.</summary>
    public virtual string FormProblem(string text) => Hint;

    /// <summary>The chat form's input for the part: <c>text</c>, <c>date</c> or <c>choice</c>.</summary>
    public virtual string Input => "text";

    /// <summary>A choice part's values, snake_case, in order; empty for the others.</summary>
    public virtual IReadOnlyList<string> Choices => [];

    /// <summary>What a lenient reader (an LLM's answer) uses when the text is missing or unreadable; null = nothing.</summary>
    public virtual object? Fallback => null;

    public static Part Text(string name, int max, bool required = false, string hint = "", string? formName = null) => new TextPart(name, max, required, hint, formName);

    public static Part Date(string name, string? formName = null) => new DatePart(name, formName);

    public static Part Email(string name) => new EmailPart(name);

    public static Part Choice<TEnum>(string name, string hint, TEnum fallback)
        where TEnum : struct, Enum => new ChoicePart<TEnum>(name, hint, fallback);

    private sealed class TextPart(string name, int max, bool required, string hint, string? formName) : Part(name, max, required, hint, formName)
    {
        public override bool TryRead(string text, out object? value)
        {
            value = text;
            return true;
        }

        public override string Format(object value) => (string)value;
    }

    private sealed class DatePart(string name, string? formName) : Part(name, 40, false, "Use a date like 2027-03-31.", formName)
    {
        public override bool TryRead(string text, out object? value)
        {
            var ok = ContextValues.TryParseDate(text, out var date);
            value = ok ? date : null;
            return ok;
        }

        public override string Format(object value) => ContextValues.FormatDate((DateOnly)value);

        public override string Problem(string text) => "Expected a date, yyyy-MM-dd.";

        public override string Input => "date";
    }

    /// <summary>Emails are the one case-insensitive key: kept in <see cref="Emails.Normalize"/> spelling.</summary>
    private sealed class EmailPart(string name) : Part(name, 254, false, "Not an email address.")
    {
        public override bool TryRead(string text, out object? value)
        {
            var ok = Emails.IsValid(text);
            value = ok ? Emails.Normalize(text) : null;
            return ok;
        }

        public override string Format(object value) => (string)value;

        public override string FormProblem(string text) => $"\"{(text.Length > 60 ? text[..60] + "…" : text)}\" is not an email address.";
    }

    private sealed class ChoicePart<TEnum>(string name, string hint, TEnum fallback) : Part(name, EnumText.MaxLength, true, hint)
        where TEnum : struct, Enum
    {
        public override object? Fallback => fallback;

        public override string Input => "choice";

        public override IReadOnlyList<string> Choices { get; } = [.. Enum.GetValues<TEnum>().Select(EnumText.Snake)];

        public override bool TryRead(string text, out object? value)
        {
            var ok = EnumText.TryParse<TEnum>(text, out var parsed);
            value = ok ? parsed : null;
            return ok;
        }

        public override string Format(object value) => EnumText.Snake((TEnum)value);

        public override string Problem(string text) => $"'{text}' is not one of: {EnumText.Names<TEnum>()}.";
    }
}
