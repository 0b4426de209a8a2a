using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace HandoffBot.Cards.Templating;

/// <summary>
/// One compiled <c>${…}</c> expression of the Adaptive Expressions subset the templates use
/// (cards/README.md lists it). Compiled once per template; evaluating it allocates little.
/// </summary>
internal abstract class Expression
{
    public abstract object? Evaluate(Scope scope);

    public static Expression Parse(string text) => new ExpressionParser(text).ParseAll();
}

/// <summary>
/// The evaluation scope: <c>$root</c>, <c>$data</c> and <c>$index</c>. Values are <see cref="Undefined"/>,
/// null, bool, double, string, <see cref="JsonArray"/> or <see cref="JsonObject"/>.
/// </summary>
internal sealed record Scope(JsonNode? Root, JsonNode? Data, int? Index);

/// <summary>A path that leads nowhere; Adaptive Cards keeps the <c>${…}</c> text where such a value would go.</summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();

    private Undefined()
    {
    }
}

internal static class Values
{
    /// <summary>A JSON node as an expression value.</summary>
    // Arms typed object: JsonNode would make string/bool/double convert back into JsonValues.
    public static object? FromNode(JsonNode? node) => node switch
    {
        null => null,
        JsonObject or JsonArray => (object)node,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.String => v.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
            _ => null,
        },
        _ => null,
    };

    /// <summary>An expression value back as a JSON node (copied: a node has one parent).</summary>
    public static JsonNode? ToNode(object? value) => value switch
    {
        null => null,
        JsonNode node => node.DeepClone(),
        string s => JsonValue.Create(s),
        bool b => JsonValue.Create(b),
        double d when d == Math.Floor(d) && Math.Abs(d) < 9e15 => JsonValue.Create((long)d),
        double d => JsonValue.Create(d),
        _ => throw new InvalidOperationException("Not a template value: " + value.GetType().Name),
    };

    /// <summary>How JavaScript's <c>toString</c> writes a value into an interpolated string.</summary>
    public static string ToText(object? value) => value switch
    {
        null => "null",
        string s => s,
        bool b => b ? "true" : "false",
        double d when d == Math.Floor(d) && Math.Abs(d) < 1e21 => ((decimal)d).ToString("0", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        JsonArray a => string.Join(",", a.Select(n => n is null ? "" : ToText(FromNode(n)))),
        JsonObject => "[object Object]",
        _ => "",
    };

    public static bool IsTrue(object? value) => value switch
    {
        null or Undefined => false,
        bool b => b,
        _ => true,
    };

    public static bool IsEmpty(object? value) => value switch
    {
        null or Undefined => true,
        string s => s.Length == 0,
        JsonArray a => a.Count == 0,
        JsonObject o => o.Count == 0,
        _ => false,
    };

    public static bool AreEqual(object? a, object? b) => (a, b) switch
    {
        (null or Undefined, null or Undefined) => true,
        (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
        (double x, double y) => x.Equals(y),
        (bool x, bool y) => x == y,
        (JsonNode x, JsonNode y) => JsonNode.DeepEquals(x, y),
        _ => false,
    };
}

internal sealed class Literal(object? value) : Expression
{
    public override object? Evaluate(Scope scope) => value;
}

/// <summary><c>name</c>, <c>$root.a.b</c>, <c>$data</c>, <c>$index</c>, <c>items[0]</c>, <c>x['key']</c>.</summary>
internal sealed class PathExpression(string head, IReadOnlyList<Expression> steps) : Expression
{
    public override object? Evaluate(Scope scope)
    {
        object? current = head switch
        {
            "$root" => Values.FromNode(scope.Root),
            "$data" => Values.FromNode(scope.Data),
            "$index" => scope.Index is { } i ? (double)i : Undefined.Value,
            _ => Member(Values.FromNode(scope.Data), head),
        };
        foreach (var step in steps)
        {
            current = step.Evaluate(scope) switch
            {
                string key => Member(current, key),
                double index => Element(current, index),
                _ => Undefined.Value,
            };
        }

        return current;
    }

    private static object? Member(object? target, string name) =>
        target is JsonObject o && o.TryGetPropertyValue(name, out var node) ? Values.FromNode(node) : Undefined.Value;

    private static object? Element(object? target, double index) =>
        target is JsonArray a && index >= 0 && index < a.Count && index == Math.Floor(index) ? Values.FromNode(a[(int)index]) : Undefined.Value;
}

internal sealed class UnaryExpression(char op, Expression operand) : Expression
{
    public override object? Evaluate(Scope scope)
    {
        var value = operand.Evaluate(scope);
        return op switch
        {
            '!' => !Values.IsTrue(value),
            '-' => value is double d ? -d : Undefined.Value,
            _ => Undefined.Value,
        };
    }
}

internal sealed class BinaryExpression(string op, Expression left, Expression right) : Expression
{
    public override object? Evaluate(Scope scope)
    {
        if (op == "&&")
        {
            return Values.IsTrue(left.Evaluate(scope)) && Values.IsTrue(right.Evaluate(scope));
        }

        if (op == "||")
        {
            return Values.IsTrue(left.Evaluate(scope)) || Values.IsTrue(right.Evaluate(scope));
        }

        var a = left.Evaluate(scope);
        var b = right.Evaluate(scope);
        return op switch
        {
            "==" => Values.AreEqual(a, b),
            "!=" => !Values.AreEqual(a, b),
            _ when a is double x && b is double y => op switch
            {
                "<" => x < y,
                ">" => x > y,
                "<=" => x <= y,
                ">=" => x >= y,
                "+" => x + y,
                "-" => x - y,
                "*" => x * y,
                _ => Undefined.Value,
            },
            "+" when a is string || b is string => Values.ToText(a) + Values.ToText(b),
            _ => Undefined.Value,
        };
    }
}

/// <summary>The built-in functions of the subset; an unknown name fails when the template is loaded.</summary>
internal sealed class CallExpression : Expression
{
    private static readonly Dictionary<string, (int Min, int Max)> Arity = new(StringComparer.Ordinal)
    {
        ["count"] = (1, 1),
        ["length"] = (1, 1),
        ["empty"] = (1, 1),
        ["exists"] = (1, 1),
        ["not"] = (1, 1),
        ["and"] = (2, 8),
        ["or"] = (2, 8),
        ["equals"] = (2, 2),
        ["if"] = (3, 3),
        ["join"] = (2, 2),
        ["concat"] = (1, 8),
        ["string"] = (1, 1),
        ["greater"] = (2, 2),
        ["less"] = (2, 2),
    };

    private readonly string name;
    private readonly IReadOnlyList<Expression> args;

    public CallExpression(string name, IReadOnlyList<Expression> args)
    {
        if (!Arity.TryGetValue(name, out var arity))
        {
            throw new TemplateException($"unknown function '{name}' (the subset has: {string.Join(", ", Arity.Keys)})");
        }

        if (args.Count < arity.Min || args.Count > arity.Max)
        {
            throw new TemplateException($"{name}() takes {arity.Min}–{arity.Max} arguments, not {args.Count}");
        }

        this.name = name;
        this.args = args;
    }

    public override object? Evaluate(Scope scope)
    {
        switch (name)
        {
            case "and":
                return args.All(a => Values.IsTrue(a.Evaluate(scope)));
            case "or":
                return args.Any(a => Values.IsTrue(a.Evaluate(scope)));
            case "if":
                return Values.IsTrue(args[0].Evaluate(scope)) ? args[1].Evaluate(scope) : args[2].Evaluate(scope);
            default:
                break;
        }

        var v = args[0].Evaluate(scope);
        return name switch
        {
            "count" or "length" => v switch
            {
                JsonArray a => (double)a.Count,
                string s => (double)s.Length,
                _ => Undefined.Value,
            },
            "empty" => Values.IsEmpty(v),
            "exists" => v is not (null or Undefined),
            "not" => !Values.IsTrue(v),
            "equals" => Values.AreEqual(v, args[1].Evaluate(scope)),
            "greater" => v is double x && args[1].Evaluate(scope) is double y ? x > y : Undefined.Value,
            "less" => v is double x && args[1].Evaluate(scope) is double y ? x < y : Undefined.Value,
            "join" => v is JsonArray list && args[1].Evaluate(scope) is string sep
                ? string.Join(sep, list.Select(n => Values.ToText(Values.FromNode(n))))
                : Undefined.Value,
            "concat" => string.Concat(args.Select(a => Values.ToText(a.Evaluate(scope)))),
            "string" => v is Undefined ? Undefined.Value : Values.ToText(v),
            _ => Undefined.Value,
        };
    }
}

public sealed class TemplateException(string message) : Exception(message);
