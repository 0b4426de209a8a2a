using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Grammar;

/// <summary>A list of plain texts (goals, success criteria): a JSON string, one form or CRM line, the brief's <c>text</c>.</summary>
public sealed class TextLine : ItemGrammar<string>
{
    public const string BriefPart = "text";

    public override IEqualityComparer<string> Comparer => StringComparer.Ordinal;

    public override IReadOnlyList<string> BriefParts => [BriefPart];

    public override bool FormRows => false;

    public override string? FromJson(JsonElement element, string path, List<FieldError> errors)
    {
        if (element.ValueKind != JsonValueKind.String)
        {
            errors.Add(new FieldError(path, "Expected a string."));
            return null;
        }

        var text = element.GetString()!.Trim();
        if (text.Length > MaxLineLength)
        {
            errors.Add(new FieldError(path, $"Too long ({text.Length} characters; at most {MaxLineLength})."));
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    public override JsonNode ToJson(string item) => JsonValue.Create(item);

    public override string? FromLine(string line, out string problem)
    {
        problem = "";
        return line.Trim();
    }

    public override string ToLine(string item) => item;

    public override IEnumerable<KeyValuePair<string, string?>> ToBrief(string item) => [new(BriefPart, item)];

    public override string? FromBrief(Func<string, string?> part, string quote, out bool guessed)
    {
        guessed = false;
        var text = part(BriefPart)?.Trim();
        text = string.IsNullOrEmpty(text) ? quote : text;
        return string.IsNullOrWhiteSpace(text) ? null : ContextValues.Clip(text, MaxLineLength);
    }
}

/// <summary>
/// What was sold: a JSON object <c>{product, seats, modules}</c> (or a bare product name), one line
/// <c>Product[, N seats][ (Module, Module)]</c> in the chat form.
/// </summary>
public sealed partial class SoldLine : ItemGrammar<SoldItem>
{
    public const int MaxProductLength = 300;
    public const int MaxSeats = 10_000_000;

    public override IEqualityComparer<SoldItem> Comparer => SoldItemComparer.Instance;

    public override IReadOnlyList<string> BriefParts => ["product"];

    public override bool FormRows => false;

    public override SoldItem? FromJson(JsonElement element, string path, List<FieldError> errors)
    {
        if (element.ValueKind == JsonValueKind.String)
        {
            var name = new TextLine().FromJson(element, path, errors);
            return name is null ? null : new SoldItem(ContextValues.Clip(name, MaxProductLength));
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new FieldError(path, "Expected an object."));
            return null;
        }

        var product = Part.Text("product", MaxProductLength, required: true);
        if (!SurfaceReaders.FromJson(element, product, path + ".", errors, out var value) || value is not string productName)
        {
            return null;
        }

        int? seats = null;
        if (element.TryGetProperty("seats", out var s) && s.ValueKind != JsonValueKind.Null)
        {
            if (s.ValueKind == JsonValueKind.Number && s.TryGetInt32(out var n) && n is >= 1 and <= MaxSeats)
            {
                seats = n;
            }
            else
            {
                errors.Add(new FieldError(path + ".seats", $"Expected a whole number from 1 to {MaxSeats:N0}."));
            }
        }

        var modules = new List<string>();
        if (element.TryGetProperty("modules", out var m) && m.ValueKind != JsonValueKind.Null)
        {
            if (m.ValueKind != JsonValueKind.Array || m.GetArrayLength() > ContextGrammar.MaxItems)
            {
                errors.Add(new FieldError(path + ".modules", $"Expected an array of at most {ContextGrammar.MaxItems} names."));
            }
            else
            {
                var i = 0;
                foreach (var module in m.EnumerateArray())
                {
                    if (new TextLine().FromJson(module, $"{path}.modules[{i++}]", errors) is { } name)
                    {
                        modules.Add(ContextValues.Clip(name, MaxProductLength));
                    }
                }
            }
        }

        return new SoldItem(productName, seats, modules);
    }

    public override JsonNode ToJson(SoldItem item)
    {
        var node = new JsonObject { ["product"] = item.Product };
        if (item.Seats is { } seats)
        {
            node["seats"] = seats;
        }

        if (item.Modules is { Count: > 0 } modules)
        {
            node["modules"] = new JsonArray([.. modules.Select(x => (JsonNode)x)]);
        }

        return node;
    }

    /// <summary>"Fleet Platform, 250 seats (Routing, Telematics)" → product, seats, modules.</summary>
    public override SoldItem? FromLine(string line, out string problem)
    {
        ArgumentNullException.ThrowIfNull(line);
        problem = "";
        var m = Shape().Match(line.Trim());
        if (!m.Success)
        {
            problem = "Write it as \"Product, 250 seats (Module, Module)\".";
            return null;
        }

        int? seats = null;
        if (m.Groups["seats"].Success)
        {
            var digits = m.Groups["seats"].Value.Replace(",", "", StringComparison.Ordinal).Replace(".", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal);
            if (!int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n is < 1 or > MaxSeats)
            {
                problem = $"Seats must be a whole number from 1 to {MaxSeats:N0}.";
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
            problem = "Name the product.";
            return null;
        }

        return new SoldItem(ContextValues.Clip(product, MaxProductLength), seats, modules.Length > 0 ? modules : null);
    }

    public override string ToLine(SoldItem item)
    {
        var seats = item.Seats is { } s ? $", {s} seats" : "";
        var modules = item.Modules is { Count: > 0 } m ? $" ({string.Join(", ", m)})" : "";
        return item.Product + seats + modules;
    }

    public override IEnumerable<KeyValuePair<string, string?>> ToBrief(SoldItem item) => [new("product", ToLine(item))];

    public override SoldItem? FromBrief(Func<string, string?> part, string quote, out bool guessed)
    {
        guessed = false;
        return part("product") is { } line ? FromLine(line, out _) : null;
    }

    [GeneratedRegex(@"^(?<product>[^()]+?)(?:\s*,\s*(?<seats>[\d][\d,. ]*)\s*(?:seats?|users?|licen[cs]es?))?(?:\s*\((?<modules>[^()]*)\))?$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex Shape();

    /// <summary>Records compare lists by reference; sold items compare by content.</summary>
    private sealed class SoldItemComparer : IEqualityComparer<SoldItem>
    {
        public static readonly SoldItemComparer Instance = new();

        public bool Equals(SoldItem? x, SoldItem? y) =>
            ReferenceEquals(x, y) || (x is not null && y is not null
            && string.Equals(x.Product, y.Product, StringComparison.Ordinal)
            && x.Seats == y.Seats
            && (x.Modules ?? []).SequenceEqual(y.Modules ?? [], StringComparer.Ordinal));

        public int GetHashCode(SoldItem obj) => StringComparer.Ordinal.GetHashCode(obj.Product);
    }
}
