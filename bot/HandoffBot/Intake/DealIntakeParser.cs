using System.Globalization;
using System.Text.Json;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Intake;

/// <summary>
/// Reads a closed-won deal from JSON (the webhook body, or a CSV row turned into JSON) and checks
/// every field, collecting all problems at once so the CRM admin sees them in one answer.
/// Unknown properties are ignored: CRMs send more than we need.
/// </summary>
public sealed class DealIntakeParser
{
    private const int MaxText = 4000;
    private const int MaxLongText = 2_000_000;
    private const int MaxItems = 200;

    private readonly List<FieldError> errors = [];

    public static (DealIntake? Intake, IReadOnlyList<FieldError> Errors) Parse(ReadOnlySpan<byte> utf8Json)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8Json.ToArray(), new JsonDocumentOptions { MaxDepth = 32 });
        }
        catch (JsonException ex)
        {
            return (null, [new FieldError("body", $"Not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}).")]);
        }

        using (doc)
        {
            return Parse(doc.RootElement);
        }
    }

    public static (DealIntake? Intake, IReadOnlyList<FieldError> Errors) Parse(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return (null, [new FieldError("body", "Expected a JSON object.")]);
        }

        var parser = new DealIntakeParser();
        var intake = parser.Read(root);
        return parser.errors.Count == 0 ? (intake, []) : (null, parser.errors);
    }

    private DealIntake Read(JsonElement root)
    {
        var crmId = String(root, "crmId", required: true, max: 200);
        var account = String(root, "accountName", required: true, max: 300);
        var arr = Amount(root, "arr");
        var currency = String(root, "currency", required: true, max: 3);
        if (currency is not null && (currency.Length != 3 || !currency.All(char.IsAsciiLetterUpper)))
        {
            Error("currency", "Use a three-letter ISO 4217 code in capitals, e.g. USD.");
        }

        var segment = String(root, "segment", required: false, max: 100);
        var closeDate = Date(root, "closeDate", required: true);
        var crmUrl = Url(root, "crmUrl");
        var ae = EmailField(root, "aeEmail", required: true);
        var csm = EmailField(root, "csmEmail", required: false);
        var zone = String(root, "customerTimeZone", required: false, max: 64);
        if (zone is not null && !TimeZones.TryFind(zone, out _))
        {
            Error("customerTimeZone", "Not a time zone; use an IANA name like America/Chicago.");
        }

        var context = root.TryGetProperty("context", out var c) && c.ValueKind != JsonValueKind.Null
            ? Context(c)
            : DealContext.Empty;
        var notes = Array(root, "notes", (e, path) =>
        {
            var id = String(e, "id", required: true, max: 200, path: path);
            var text = String(e, "text", required: true, max: MaxLongText, path: path);
            return id is null || text is null
                ? null
                : new Note(id, String(e, "author", required: false, max: 200, path: path), Timestamp(e, "createdAt", path), text);
        });
        var transcripts = Array(root, "transcripts", (e, path) =>
        {
            var id = String(e, "id", required: true, max: 200, path: path);
            var content = String(e, "content", required: true, max: MaxLongText, path: path);
            var format = Enum<TranscriptFormat>(e, "format", path, required: false) ?? TranscriptFormat.Text;
            return id is null || content is null ? null : new Transcript(id, format, Timestamp(e, "recordedAt", path), content);
        });

        var deal = new Deal
        {
            CrmId = crmId ?? "",
            AccountName = account ?? "",
            Arr = arr ?? 0,
            Currency = currency ?? "",
            Segment = segment,
            CloseDate = closeDate ?? default,
            CrmUrl = crmUrl,
            CustomerTimeZone = zone,
            AeEmail = ae ?? "",
            CsmEmail = csm,
        };
        return new DealIntake(deal, context, notes, transcripts);
    }

    private DealContext Context(JsonElement c)
    {
        const string P = "context.";
        if (c.ValueKind != JsonValueKind.Object)
        {
            Error("context", "Expected an object.");
            return DealContext.Empty;
        }

        var none = new HashSet<ContextField>();
        foreach (var key in Array(c, "none", (e, path) => e.ValueKind == JsonValueKind.String ? e.GetString() : Fail<string>(path, "Expected a field name."), P))
        {
            if (ContextFields.TryParseKey(key, out var field) && ContextFields.CanBeNone.Contains(field))
            {
                none.Add(field);
            }
            else
            {
                Error(P + "none", $"'{key}' cannot be marked none (only {string.Join(", ", ContextFields.CanBeNone.Select(f => f.Key()))}).");
            }
        }

        return new DealContext
        {
            WhatWasSold = Array(c, "whatWasSold", (e, path) => e.ValueKind == JsonValueKind.String
                ? Text(e, path) is { } product ? new SoldItem(product) : null
                : String(e, "product", required: true, max: 300, path: path) is { } name
                    ? new SoldItem(name, Int(e, "seats", path), Array(e, "modules", (m, mp) => Text(m, mp), path + "."))
                    : null, P),
            Commitments = Array(c, "commitments", (e, path) => String(e, "what", required: true, max: MaxText, path: path) is { } what
                ? new Commitment(what, Date(e, "due", required: false, path), EmailOrName(e, "promisedBy", path))
                : null, P),
            Goals = Array(c, "goals", Text, P),
            SuccessCriteria = Array(c, "successCriteria", Text, P),
            Stakeholders = Array(c, "stakeholders", (e, path) =>
            {
                var name = String(e, "name", required: true, max: 200, path: path);
                var role = Enum<StakeholderRole>(e, "role", path, required: true);
                return name is null || role is null
                    ? null
                    : new Stakeholder(name, EmailField(e, "email", required: false, path), role.Value, String(e, "title", required: false, max: 200, path: path));
            }, P),
            Risks = Array(c, "risks", (e, path) =>
            {
                var category = Enum<RiskCategory>(e, "category", path, required: true);
                var severity = Enum<Severity>(e, "severity", path, required: true);
                var description = String(e, "description", required: true, max: MaxText, path: path);
                return category is null || severity is null || description is null ? null : new Risk(category.Value, severity.Value, description);
            }, P),
            SpecialTerms = Array(c, "specialTerms", (e, path) =>
            {
                var kind = Enum<SpecialTermKind>(e, "kind", path, required: true);
                var text = String(e, "text", required: true, max: MaxText, path: path);
                return kind is null || text is null ? null : new SpecialTerm(kind.Value, text);
            }, P),
            ExpansionPotential = String(c, "expansionPotential", required: false, max: MaxText, path: P),
            TargetGoLive = Date(c, "targetGoLive", required: false, P),
            ConfirmedNone = none,
        };
    }

    private void Error(string field, string message) => errors.Add(new FieldError(field, message));

    private T? Fail<T>(string field, string message)
        where T : class
    {
        Error(field, message);
        return null;
    }

    private string? String(JsonElement obj, string name, bool required, int max, string path = "")
    {
        var field = path + name;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(field, "Required.");
            return null;
        }

        if (value.ValueKind is JsonValueKind.Number && !required)
        {
            return value.GetRawText();
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            Error(field, "Expected a string.");
            return null;
        }

        var text = value.GetString()!.Trim();
        if (text.Length == 0)
        {
            if (required) Error(field, "Required (it is empty).");
            return null;
        }

        if (text.Length > max)
        {
            Error(field, $"Too long ({text.Length} characters; at most {max}).");
            return null;
        }

        return text;
    }

    private string? Text(JsonElement e, string path)
    {
        if (e.ValueKind != JsonValueKind.String)
        {
            Error(path, "Expected a string.");
            return null;
        }

        var text = e.GetString()!.Trim();
        if (text.Length > MaxText)
        {
            Error(path, $"Too long ({text.Length} characters; at most {MaxText}).");
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private decimal? Amount(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            Error(name, "Required.");
            return null;
        }

        var amount = 0m;
        var ok = value.ValueKind == JsonValueKind.Number
            ? value.TryGetDecimal(out amount)
            : value.ValueKind == JsonValueKind.String
                && decimal.TryParse(value.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out amount);
        if (!ok || amount < 0 || amount > 1_000_000_000_000m)
        {
            Error(name, "Expected an amount from 0 to 1,000,000,000,000.");
            return null;
        }

        return amount;
    }

    private int? Int(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0)
        {
            return n;
        }

        Error(path + name, "Expected a whole number, 0 or more.");
        return null;
    }

    private DateOnly? Date(JsonElement obj, string name, bool required, string path = "")
    {
        var field = path + name;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(field, "Required.");
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : "";
        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        // CRMs often send a midnight timestamp for a date field; its calendar date is what was meant.
        if (text.Length > 10 && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var stamp))
        {
            return DateOnly.FromDateTime(stamp.DateTime);
        }

        Error(field, "Expected a date, yyyy-MM-dd.");
        return null;
    }

    private DateTimeOffset? Timestamp(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var stamp))
        {
            return stamp;
        }

        Error(path + name, "Expected an ISO 8601 timestamp.");
        return null;
    }

    private Uri? Url(JsonElement obj, string name)
    {
        var text = String(obj, name, required: false, max: 2000);
        if (text is null)
        {
            return null;
        }

        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri;
        }

        Error(name, "Expected an absolute http(s) URL.");
        return null;
    }

    private string? EmailField(JsonElement obj, string name, bool required, string path = "")
    {
        var text = String(obj, name, required, max: 254, path);
        if (text is null)
        {
            return null;
        }

        if (!Emails.IsValid(text))
        {
            Error(path + name, "Not an email address.");
            return null;
        }

        return Emails.Normalize(text);
    }

    private string? EmailOrName(JsonElement obj, string name, string path) => String(obj, name, required: false, max: 254, path);

    private TEnum? Enum<TEnum>(JsonElement obj, string name, string path, bool required)
        where TEnum : struct, Enum
    {
        var text = String(obj, name, required, max: 60, path);
        if (text is null)
        {
            return null;
        }

        var compact = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("/", "", StringComparison.Ordinal);
        if (System.Enum.TryParse<TEnum>(compact, ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(compact, CultureInfo.InvariantCulture, out _))
        {
            return value;
        }

        Error(path + name, $"'{text}' is not one of: {string.Join(", ", System.Enum.GetNames<TEnum>().Select(Snake))}.");
        return null;
    }

    private static string Snake(string pascal) =>
        string.Concat(pascal.Select((ch, i) => i > 0 && char.IsUpper(ch) ? "_" + char.ToLowerInvariant(ch) : char.ToLowerInvariant(ch).ToString()));

    private List<T> Array<T>(JsonElement obj, string name, Func<JsonElement, string, T?> item, string path = "")
    {
        var field = path + name;
        var result = new List<T>();
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            Error(field, "Expected an array.");
            return result;
        }

        if (value.GetArrayLength() > MaxItems)
        {
            Error(field, $"Too many items ({value.GetArrayLength()}; at most {MaxItems}).");
            return result;
        }

        var i = 0;
        foreach (var element in value.EnumerateArray())
        {
            var itemPath = $"{field}[{i++}]";
            if (typeof(T) != typeof(string) && element.ValueKind != JsonValueKind.Object && !(typeof(T) == typeof(SoldItem) && element.ValueKind == JsonValueKind.String))
            {
                Error(itemPath, "Expected an object.");
                continue;
            }

            var pathForFields = element.ValueKind == JsonValueKind.Object ? itemPath + "." : itemPath;
            if (item(element, pathForFields) is { } parsed)
            {
                result.Add(parsed);
            }
        }

        return result;
    }
}
