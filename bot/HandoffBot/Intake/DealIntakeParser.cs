using System.Globalization;
using System.Text.Json;
using HandoffBot.Core.Application;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Grammar;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Intake;

/// <summary>
/// Reads a closed-won deal from JSON (the webhook body, a CSV row or a mapped CRM deal turned into JSON)
/// and checks every field, collecting all problems at once so the CRM admin sees them in one answer.
/// The <c>context</c> object is read by the context grammar (<see cref="ContextGrammar"/>).
/// Unknown properties are ignored: CRMs send more than we need.
/// </summary>
public sealed class DealIntakeParser
{
    private const int MaxLongText = 2_000_000;
    private const int MaxItems = 200;

    private readonly List<FieldError> errors = [];

    public static (DealIntake? Intake, IReadOnlyList<FieldError> Errors) Parse(ReadOnlySpan<byte> utf8Json)
    {
        if (!HandoffBot.Hosting.WholeJsonText.HasOnlyWholeCharacters(utf8Json))
        {
            return (null, [new FieldError("body", "A string holds half a character (a lone UTF-16 surrogate escape such as \\uD83D).")]);
        }

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
        if (zone is not null)
        {
            zone = ContextValues.TryParseTimeZone(zone, out var iana) ? iana : Fail<string>("customerTimeZone", "Not a time zone; use an IANA name like America/Chicago.");
        }

        var context = root.TryGetProperty("context", out var c) && c.ValueKind != JsonValueKind.Null
            ? ContextGrammar.FromJson(c, errors, closeDate)
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

    private DateOnly? Date(JsonElement obj, string name, bool required, string path = "")
    {
        var field = path + name;
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) Error(field, "Required.");
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && ContextValues.TryParseDate(value.GetString(), out var date))
        {
            return date;
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

    private TEnum? Enum<TEnum>(JsonElement obj, string name, string path, bool required)
        where TEnum : struct, Enum
    {
        var text = String(obj, name, required, max: 60, path);
        if (text is null)
        {
            return null;
        }

        if (EnumText.TryParse<TEnum>(text, out var value))
        {
            return value;
        }

        Error(path + name, $"'{text}' is not one of: {EnumText.Names<TEnum>()}.");
        return null;
    }

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
            if (element.ValueKind != JsonValueKind.Object)
            {
                Error(itemPath, "Expected an object.");
                continue;
            }

            if (item(element, itemPath + ".") is { } parsed)
            {
                result.Add(parsed);
            }
        }

        return result;
    }
}
