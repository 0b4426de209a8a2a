using System.Globalization;
using System.Text.RegularExpressions;
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
/// into a <see cref="DealContext"/>. A field is only touched when the form carried one of its inputs, so a form
/// that shows only the missing fields never wipes the others. The formats, one item per line or row:
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
public static partial class ContextFormReader
{
    public const int MaxItems = 50;
    public const int MaxRows = 100;
    public const int MaxItemLength = 2000;
    public const int MaxSeats = 10_000_000;

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy-M-d", "yyyy-MM-ddTHH:mm:ss", "yyyy-MM-ddTHH:mm:ssZ", "yyyy-MM-ddTHH:mm:ss.fffZ"];

    public static ContextFormResult Read(DealContext current, IReadOnlyDictionary<string, string?> inputs, DateOnly? closeDate = null)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(inputs);
        var errors = new List<FieldError>();
        var fields = new HashSet<ContextField>();
        var context = current;

        bool Has(string id) => inputs.ContainsKey(id);
        string? Value(string id) => inputs.TryGetValue(id, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;
        void Error(string id, string message) => errors.Add(new FieldError(id, message));

        if (Has("whatWasSold"))
        {
            fields.Add(ContextField.WhatWasSold);
            context = context with { WhatWasSold = ReadLines(Value("whatWasSold"), "whatWasSold", errors, line => ParseSold(line, out var error) is { } item ? item : Fail<SoldItem>(error)) };
        }

        if (Has("goals"))
        {
            fields.Add(ContextField.Goals);
            context = context with { Goals = ReadLines(Value("goals"), "goals", errors, line => line) };
        }

        if (Has("successCriteria"))
        {
            fields.Add(ContextField.SuccessCriteria);
            context = context with { SuccessCriteria = ReadLines(Value("successCriteria"), "successCriteria", errors, line => line) };
        }

        var rows = Rows(inputs);
        if (rows.TryGetValue("commitments", out var commitmentRows))
        {
            fields.Add(ContextField.Commitments);
            context = context with
            {
                Commitments = ReadRows(commitmentRows, "commitments", errors, (i, row) =>
                {
                    var what = Text(row, "what");
                    var due = Date(row, "due", ActionInputs.Row("commitments", i, "due"), errors);
                    if (what is null)
                    {
                        Error(ActionInputs.Row("commitments", i, "what"), "Say what was promised.");
                        return null;
                    }

                    return new Commitment(what, due, Text(row, "by"));
                }),
            };
        }

        if (rows.TryGetValue("stakeholders", out var stakeholderRows))
        {
            fields.Add(ContextField.Stakeholders);
            context = context with
            {
                Stakeholders = ReadRows(stakeholderRows, "stakeholders", errors, (i, row) =>
                {
                    var name = Text(row, "name");
                    var role = Choice<StakeholderRole>(row, "role", ActionInputs.Row("stakeholders", i, "role"), "Pick the role: champion, economic buyer, user or technical.", errors);
                    var email = Text(row, "email");
                    if (email is not null && !Emails.IsValid(email))
                    {
                        Error(ActionInputs.Row("stakeholders", i, "email"), $"\"{Clip(email)}\" is not an email address.");
                    }

                    if (name is null)
                    {
                        Error(ActionInputs.Row("stakeholders", i, "name"), "Give the stakeholder's name.");
                        return null;
                    }

                    return role is { } r ? new Stakeholder(name, email is not null && Emails.IsValid(email) ? Emails.Normalize(email) : null, r, Text(row, "title")) : null;
                }),
            };
        }

        if (rows.TryGetValue("risks", out var riskRows))
        {
            fields.Add(ContextField.Risks);
            context = context with
            {
                Risks = ReadRows(riskRows, "risks", errors, (i, row) =>
                {
                    var category = Choice<RiskCategory>(row, "category", ActionInputs.Row("risks", i, "category"), "Pick what kind of risk it is.", errors);
                    var severity = Choice<Severity>(row, "severity", ActionInputs.Row("risks", i, "severity"), "Pick low, medium or high.", errors);
                    var description = Text(row, "description");
                    if (description is null)
                    {
                        Error(ActionInputs.Row("risks", i, "description"), "Say what could go wrong.");
                        return null;
                    }

                    return category is { } c && severity is { } s ? new Risk(c, s, description) : null;
                }),
            };
        }

        if (rows.TryGetValue("specialTerms", out var termRows))
        {
            fields.Add(ContextField.SpecialTerms);
            context = context with
            {
                SpecialTerms = ReadRows(termRows, "specialTerms", errors, (i, row) =>
                {
                    var kind = Choice<SpecialTermKind>(row, "kind", ActionInputs.Row("specialTerms", i, "kind"), "Pick the kind of term.", errors);
                    var text = Text(row, "text");
                    if (text is null)
                    {
                        Error(ActionInputs.Row("specialTerms", i, "text"), "Say what the term is.");
                        return null;
                    }

                    return kind is { } k ? new SpecialTerm(k, text) : null;
                }),
            };
        }

        if (Has("expansionPotential"))
        {
            fields.Add(ContextField.ExpansionPotential);
            var text = Value("expansionPotential");
            if (text is { Length: > MaxItemLength })
            {
                Error("expansionPotential", $"Keep it under {MaxItemLength} characters.");
            }

            context = context with { ExpansionPotential = text };
        }

        if (Has("targetGoLive"))
        {
            fields.Add(ContextField.TargetGoLive);
            DateOnly? date = null;
            if (Value("targetGoLive") is { } raw)
            {
                if (!TryDate(raw, out var parsed))
                {
                    Error("targetGoLive", "Use a date like 2027-03-31.");
                }
                else if (closeDate is { } closed && parsed < closed)
                {
                    Error("targetGoLive", "The go-live cannot be before the deal closed.");
                }
                else
                {
                    date = parsed;
                }
            }

            context = context with { TargetGoLive = date };
        }

        string? zone = null;
        if (Value("customerTimeZone") is { } rawZone)
        {
            fields.Add(ContextField.CustomerTimeZone);
            if (rawZone.Length <= 64 && TimeZoneInfo.TryFindSystemTimeZoneById(rawZone, out var found) && found.HasIanaId)
            {
                zone = found.Id;
            }
            else
            {
                Error("customerTimeZone", "Use a time zone like America/Chicago or Europe/Berlin.");
            }
        }

        var none = new HashSet<ContextField>(context.ConfirmedNone);
        foreach (var field in ContextFields.CanBeNone)
        {
            var id = ActionInputs.None(field);
            if (!Has(id))
            {
                continue;
            }

            fields.Add(field);
            var on = string.Equals(Value(id), "true", StringComparison.OrdinalIgnoreCase);
            var listed = field switch
            {
                ContextField.Commitments => context.Commitments.Count,
                ContextField.Risks => context.Risks.Count,
                _ => context.SpecialTerms.Count,
            };
            if (on && listed > 0)
            {
                Error(id, $"You listed {listed} and ticked \"none\": clear the rows or untick it.");
            }
            else if (on)
            {
                none.Add(field);
            }
            else
            {
                none.Remove(field);
            }
        }

        // Filling a list field in counts as "not none" even when the toggle was not on the form.
        foreach (var field in fields)
        {
            var listed = field switch
            {
                ContextField.Commitments => context.Commitments.Count,
                ContextField.Risks => context.Risks.Count,
                ContextField.SpecialTerms => context.SpecialTerms.Count,
                _ => 0,
            };
            if (listed > 0)
            {
                none.Remove(field);
            }
        }

        if (!none.SetEquals(context.ConfirmedNone))
        {
            context = context with { ConfirmedNone = none };
        }

        return errors.Count > 0 ? new ContextFormResult(current, errors, fields) : new ContextFormResult(context, [], fields, zone);
    }

    /// <summary>Whether the inputs hold any context-form input (as opposed to only the action's data).</summary>
    public static bool CarriesForm(IReadOnlyDictionary<string, string?> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return inputs.Keys.Any(k => k.Length < 200 && (ContextFields.TryParseKey(k, out _) || k.StartsWith("none.", StringComparison.Ordinal) || RowId().IsMatch(k)));
    }

    private static IReadOnlyList<T> ReadLines<T>(string? text, string id, List<FieldError> errors, Func<string, T> parse)
    {
        if (text is null)
        {
            return [];
        }

        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => l.TrimStart('-', '•', '*', ' ').Trim()).Where(l => l.Length > 0).ToList();
        if (lines.Count > MaxItems)
        {
            errors.Add(new FieldError(id, $"At most {MaxItems} lines."));
            return [];
        }

        var items = new List<T>();
        foreach (var (line, number) in lines.Select((l, i) => (l, i + 1)))
        {
            if (line.Length > MaxItemLength)
            {
                errors.Add(new FieldError(id, $"Line {number} is longer than {MaxItemLength} characters."));
                continue;
            }

            try
            {
                items.Add(parse(line));
            }
            catch (FormatException ex)
            {
                errors.Add(new FieldError(id, $"Line {number}: {ex.Message}"));
            }
        }

        return items;
    }

    private static IReadOnlyList<T> ReadRows<T>(SortedDictionary<int, Dictionary<string, string>> rows, string list, List<FieldError> errors, Func<int, Dictionary<string, string>, T?> read)
        where T : class
    {
        var filled = rows.Where(r => r.Value.Values.Any(v => !string.IsNullOrWhiteSpace(v))).ToList();
        if (filled.Count > MaxItems)
        {
            errors.Add(new FieldError(list, $"At most {MaxItems} rows."));
            return [];
        }

        var items = new List<T>();
        foreach (var (index, row) in filled)
        {
            foreach (var (part, value) in row)
            {
                if (value.Length > MaxItemLength)
                {
                    errors.Add(new FieldError(ActionInputs.Row(list, index, part), $"Keep it under {MaxItemLength} characters."));
                    row[part] = "";
                }
            }

            if (read(index, row) is { } item)
            {
                items.Add(item);
            }
        }

        return items;
    }

    /// <summary>The row inputs by list, then row index (in order), then part.</summary>
    private static Dictionary<string, SortedDictionary<int, Dictionary<string, string>>> Rows(IReadOnlyDictionary<string, string?> inputs)
    {
        var lists = new Dictionary<string, SortedDictionary<int, Dictionary<string, string>>>(StringComparer.Ordinal);
        foreach (var (key, value) in inputs)
        {
            if (key.Length > 100 || RowId().Match(key) is not { Success: true } m)
            {
                continue;
            }

            if (!int.TryParse(m.Groups["index"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index >= MaxRows)
            {
                continue;
            }

            var list = m.Groups["list"].Value;
            if (!lists.TryGetValue(list, out var rows))
            {
                lists[list] = rows = [];
            }

            if (!rows.TryGetValue(index, out var row))
            {
                rows[index] = row = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            row[m.Groups["part"].Value] = value?.Trim() ?? "";
        }

        return lists;
    }

    private static string? Text(Dictionary<string, string> row, string part) =>
        row.TryGetValue(part, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    private static DateOnly? Date(Dictionary<string, string> row, string part, string id, List<FieldError> errors)
    {
        if (Text(row, part) is not { } raw)
        {
            return null;
        }

        if (TryDate(raw, out var date))
        {
            return date;
        }

        errors.Add(new FieldError(id, "Use a date like 2027-03-31."));
        return null;
    }

    private static TEnum? Choice<TEnum>(Dictionary<string, string> row, string part, string id, string message, List<FieldError> errors)
        where TEnum : struct, Enum
    {
        if (TryChoice<TEnum>(Text(row, part), out var value))
        {
            return value;
        }

        errors.Add(new FieldError(id, message));
        return null;
    }

    /// <summary>Reads a choice given as its snake_case name, its words or its C# name ("economic_buyer", "Economic buyer"); never a number.</summary>
    public static bool TryChoice<TEnum>(string? raw, out TEnum value)
        where TEnum : struct, Enum
    {
        value = default;
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 64 || !char.IsLetter(raw.Trim()[0]))
        {
            return false;
        }

        var name = raw.Trim().Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace("/", "", StringComparison.Ordinal);
        return Enum.TryParse(name, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    public static bool TryDate(string? raw, out DateOnly date)
    {
        date = default;
        if (string.IsNullOrWhiteSpace(raw) || raw.Length > 40)
        {
            return false;
        }

        if (DateOnly.TryParseExact(raw.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
        {
            return true;
        }

        if (DateTime.TryParseExact(raw.Trim(), DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var dateTime))
        {
            date = DateOnly.FromDateTime(dateTime);
            return true;
        }

        return false;
    }

    /// <summary>"Fleet Platform, 250 seats (Routing, Telematics)" → product, seats, modules.</summary>
    public static SoldItem? ParseSold(string line, out string error)
    {
        ArgumentNullException.ThrowIfNull(line);
        error = "";
        var m = SoldLine().Match(line.Trim());
        if (!m.Success)
        {
            error = "Write it as \"Product, 250 seats (Module, Module)\".";
            return null;
        }

        int? seats = null;
        if (m.Groups["seats"].Success)
        {
            var digits = m.Groups["seats"].Value.Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxSeats)
            {
                error = $"Seats must be a whole number from 1 to {MaxSeats:N0}.";
                return null;
            }

            seats = n;
        }

        var modules = m.Groups["modules"].Success
            ? m.Groups["modules"].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];
        var product = m.Groups["product"].Value.Trim().TrimEnd(',').Trim();
        if (product.Length == 0)
        {
            error = "Name the product.";
            return null;
        }

        return new SoldItem(product, seats, modules.Length > 0 ? modules : null);
    }

    private static T Fail<T>(string message) => throw new FormatException(message);

    private static string Clip(string text) => text.Length > 60 ? text[..60] + "…" : text;

    [GeneratedRegex(@"^(?<list>commitments|stakeholders|risks|specialTerms)\.(?<index>\d{1,3})\.(?<part>[a-zA-Z]{1,20})$", RegexOptions.CultureInvariant)]
    private static partial Regex RowId();

    [GeneratedRegex(@"^(?<product>[^()]+?)(?:\s*,\s*(?<seats>[\d][\d,. ]*)\s*(?:seats?|users?|licen[cs]es?))?(?:\s*\((?<modules>[^()]*)\))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex SoldLine();
}
