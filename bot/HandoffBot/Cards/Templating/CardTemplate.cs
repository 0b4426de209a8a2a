using System.Text;
using System.Text.Json.Nodes;

namespace HandoffBot.Cards.Templating;

/// <summary>
/// A card template compiled once: the Adaptive Cards Templating subset of cards/README.md —
/// <c>${path}</c> bindings (a whole-string binding keeps the value's type), <c>$data</c> to repeat an
/// array element per item (or to change scope), <c>$when</c> to keep an element only when true.
/// Expansion follows the official JavaScript engine (adaptivecards-templating 2.3) wherever
/// the subset reaches; the differential test holds the two side by side.
/// </summary>
public sealed class CardTemplate
{
    private readonly Node root;

    private CardTemplate(string name, Node root)
    {
        Name = name;
        this.root = root;
    }

    public string Name { get; }

    /// <summary>Compiles a template; a bad expression fails here, with the template's name and the JSON path.</summary>
    public static CardTemplate Compile(string name, JsonNode template)
    {
        ArgumentNullException.ThrowIfNull(template);
        return new CardTemplate(name, Prepare(template, name, "$"));
    }

    /// <summary>
    /// Fills the template with <paramref name="data"/> (the <c>$root</c>). Strict: a binding to a missing
    /// value, or a null inside text, throws instead of leaving <c>${…}</c> in the card the way the
    /// official engine does (render tests run strict, so a template never outgrows its view model).
    /// </summary>
    public JsonNode? Expand(JsonNode? data, bool strict = true)
    {
        var expansion = new Expansion(strict, Name);
        var result = expansion.Expand(root, new Scope(data, data, null));
        return result is Multi many ? new JsonArray([.. many.Items]) : (JsonNode?)result;
    }

    private static Node Prepare(JsonNode? node, string name, string path)
    {
        try
        {
            return node switch
            {
                JsonObject o => new ObjectNode(
                    [.. o.Where(p => p.Key is not ("$data" or "$when")).Select(p => (p.Key, Prepare(p.Value, name, path + "." + p.Key)))],
                    o["$data"] is { } data ? Prepare(data, name, path + ".$data") : null,
                    o["$when"] is { } when ? Prepare(when, name, path + ".$when") : null),
                JsonArray a => new ArrayNode([.. a.Select((item, i) => Prepare(item, name, $"{path}[{i}]"))]),
                JsonValue v when v.TryGetValue(out string? s) && s.Contains("${", StringComparison.Ordinal) => StringNode.Parse(s),
                _ => new ConstantNode(node?.DeepClone()),
            };
        }
        catch (TemplateException e) when (!e.Message.StartsWith(name + ":", StringComparison.Ordinal))
        {
            throw new TemplateException($"{name}: {path}: {e.Message}");
        }
    }

    private abstract class Node;

    private sealed class ConstantNode(JsonNode? value) : Node
    {
        public JsonNode? Value { get; } = value;
    }

    private sealed class ArrayNode(IReadOnlyList<Node> items) : Node
    {
        public IReadOnlyList<Node> Items { get; } = items;
    }

    private sealed class ObjectNode(IReadOnlyList<(string Key, Node Value)> properties, Node? data, Node? when) : Node
    {
        public IReadOnlyList<(string Key, Node Value)> Properties { get; } = properties;
        public Node? Data { get; } = data;
        public Node? When { get; } = when;
    }

    /// <summary>A string with bindings: literal text and expressions, or one expression alone (typed result).</summary>
    private sealed class StringNode : Node
    {
        private StringNode(IReadOnlyList<object> parts) => Parts = parts;

        /// <summary>string (literal text) or (Expression, source text).</summary>
        public IReadOnlyList<object> Parts { get; }

        public bool IsSingle => Parts is [ExpressionPart];

        public static StringNode Parse(string text)
        {
            var parts = new List<object>();
            var literal = new StringBuilder();
            var i = 0;
            while (i < text.Length)
            {
                if (text[i] == '$' && i + 1 < text.Length && text[i + 1] == '{')
                {
                    var end = FindClose(text, i + 2);
                    if (literal.Length > 0)
                    {
                        parts.Add(literal.ToString());
                        literal.Clear();
                    }

                    var source = text[(i + 2)..end];
                    parts.Add(new ExpressionPart(Expression.Parse(source), source));
                    i = end + 1;
                }
                else
                {
                    literal.Append(text[i++]);
                }
            }

            if (literal.Length > 0)
            {
                parts.Add(literal.ToString());
            }

            return new StringNode(parts);
        }

        private static int FindClose(string text, int from)
        {
            char? quote = null;
            for (var i = from; i < text.Length; i++)
            {
                var c = text[i];
                if (quote is { } q)
                {
                    if (c == q)
                    {
                        quote = null;
                    }
                }
                else if (c is '\'' or '"')
                {
                    quote = c;
                }
                else if (c == '}')
                {
                    return i;
                }
            }

            throw new TemplateException($"'${{' without its '}}' in \"{text}\"");
        }
    }

    private sealed record ExpressionPart(Expression Expression, string Source);

    /// <summary>Several results of one <c>$data</c>-repeated element; flattened into the parent array.</summary>
    private sealed class Multi(List<JsonNode?> items)
    {
        public List<JsonNode?> Items { get; } = items;
    }

    private sealed class Dropped
    {
        public static readonly Dropped Value = new();
    }

    private sealed class Expansion(bool strict, string name)
    {
        /// <summary>Returns a JsonNode (or null), a <see cref="Multi"/>, or <see cref="Dropped"/>.</summary>
        public object? Expand(Node node, Scope scope) => node switch
        {
            ConstantNode c => c.Value?.DeepClone(),
            StringNode s => ExpandString(s, scope),
            ArrayNode a => ExpandArray(a, scope),
            ObjectNode o => ExpandObject(o, scope),
            _ => throw new InvalidOperationException(),
        };

        private JsonArray ExpandArray(ArrayNode array, Scope scope)
        {
            var result = new JsonArray();
            foreach (var item in array.Items)
            {
                switch (Expand(item, scope))
                {
                    case null or Dropped:
                        break;
                    case Multi many:
                        foreach (var one in many.Items)
                        {
                            result.Add(one);
                        }

                        break;

                    // Like the official engine: an array inside an array is spliced in.
                    case JsonArray inner:
                        foreach (var one in inner.ToList())
                        {
                            inner.Remove(one);
                            result.Add(one);
                        }

                        break;
                    case JsonNode one:
                        result.Add(one);
                        break;
                    default:
                        throw new InvalidOperationException();
                }
            }

            return result;
        }

        private object? ExpandObject(ObjectNode obj, Scope scope)
        {
            IReadOnlyList<Scope> scopes = [scope];
            if (obj.Data is { } dataNode)
            {
                var data = dataNode is StringNode { IsSingle: true } single
                    ? ((ExpressionPart)single.Parts[0]).Expression.Evaluate(scope)
                    : Values.FromNode(Expand(dataNode, scope) as JsonNode);
                if (data is Undefined)
                {
                    if (strict)
                    {
                        throw Fail($"$data {Source(dataNode)} has no value");
                    }

                    return Dropped.Value;
                }

                if (data is JsonArray items)
                {
                    scopes = [.. items.Select((item, i) => scope with { Data = item, Index = i })];
                }
                else
                {
                    scopes = [scope with { Data = Values.ToNode(data) }];
                }
            }

            var results = new List<JsonNode?>();
            foreach (var each in scopes)
            {
                if (obj.When is { } when && !IsTrueWhen(when, each))
                {
                    continue;
                }

                var result = new JsonObject();
                foreach (var (key, value) in obj.Properties)
                {
                    var expanded = Expand(value, each);
                    result[key] = expanded switch
                    {
                        Multi many => new JsonArray([.. many.Items]),
                        Dropped => null,
                        _ => (JsonNode?)expanded,
                    };
                }

                results.Add(result);
            }

            return results.Count switch
            {
                0 => Dropped.Value,
                1 => results[0],
                _ => new Multi(results),
            };
        }

        private bool IsTrueWhen(Node when, Scope scope)
        {
            // $when must be a boolean true; anything else (a missing value included) drops the element.
            var value = when is StringNode { IsSingle: true } single
                ? ((ExpressionPart)single.Parts[0]).Expression.Evaluate(scope)
                : null;
            return value is true;
        }

        private object? ExpandString(StringNode node, Scope scope)
        {
            if (node.IsSingle)
            {
                var part = (ExpressionPart)node.Parts[0];
                var value = part.Expression.Evaluate(scope);
                if (value is Undefined)
                {
                    return strict ? throw Fail($"${{{part.Source}}} has no value") : JsonValue.Create("${" + part.Source + "}");
                }

                return Values.ToNode(value);
            }

            var text = new StringBuilder();
            foreach (var piece in node.Parts)
            {
                if (piece is string literal)
                {
                    text.Append(literal);
                    continue;
                }

                var part = (ExpressionPart)piece;
                var value = part.Expression.Evaluate(scope);
                switch (value)
                {
                    case Undefined when strict:
                        throw Fail($"${{{part.Source}}} has no value");
                    case Undefined:
                        text.Append("${").Append(part.Source).Append('}');
                        break;
                    case null when strict:
                        throw Fail($"${{{part.Source}}} is null inside text");
                    case null:
                        break;
                    default:
                        text.Append(Values.ToText(value));
                        break;
                }
            }

            return JsonValue.Create(text.ToString());
        }

        private static string Source(Node node) =>
            node is StringNode { IsSingle: true } s ? "${" + ((ExpressionPart)s.Parts[0]).Source + "}" : "(value)";

        private TemplateException Fail(string problem) => new($"{name}: {problem}");
    }
}
