using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace HandoffBot.FakeCrm;

/// <summary>
/// Just enough SOQL for the fake: <c>SELECT fields, (SELECT … FROM ChildRelationship) FROM Object
/// [WHERE Id = '…']</c>, with dotted parent paths. Projects stored records the way the REST API
/// answers: parents as nested objects with <c>attributes</c>, child relationships as
/// <c>{totalSize, done, records}</c> or null, and INVALID_FIELD for a name the record does not have.
/// </summary>
public static partial class Soql
{
    public sealed record Query(string Object, IReadOnlyList<string> Fields, IReadOnlyList<(string Relationship, Query Sub)> Children, string? IdFilter);

    public sealed class SoqlException(string code, string message) : Exception(message)
    {
        public string Code { get; } = code;
    }

    public static Query Parse(string soql)
    {
        var m = Statement().Match(soql.Trim());
        if (!m.Success)
        {
            throw new SoqlException("MALFORMED_QUERY", "unexpected token: " + soql[..Math.Min(40, soql.Length)]);
        }

        var fields = new List<string>();
        var children = new List<(string, Query)>();
        foreach (var item in SplitTopLevel(m.Groups["select"].Value))
        {
            if (item.StartsWith('('))
            {
                var sub = Parse(item.Trim('(', ')'));
                children.Add((sub.Object, sub));
            }
            else
            {
                fields.Add(item);
            }
        }

        var duplicate = fields.GroupBy(f => f, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new SoqlException("MALFORMED_QUERY", $"duplicate field selected: {duplicate.Key}");
        }

        return new Query(m.Groups["from"].Value, fields, children, m.Groups["id"].Success ? m.Groups["id"].Value : null);
    }

    /// <summary>The answer row for a stored record (full nested JSON) under a query.</summary>
    public static JsonObject Project(JsonObject record, Query query, string type, string version)
    {
        var row = new JsonObject { ["attributes"] = Attributes(type, record, version) };
        foreach (var field in query.Fields)
        {
            var parts = field.Split('.');
            JsonNode? source = record;
            var target = row;
            for (var i = 0; i < parts.Length; i++)
            {
                var key = Key(source as JsonObject, parts[i]);
                if (key is null)
                {
                    throw i == 0 && parts.Length == 1
                        ? new SoqlException("INVALID_FIELD", $"\nSELECT {string.Join(", ", query.Fields)}\n       ^\nERROR at Row:1:Column:8\nNo such column '{parts[i]}' on entity '{type}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.")
                        : new SoqlException("INVALID_FIELD", $"\nERROR at Row:1:Column:8\nDidn't understand relationship '{parts[i]}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.");
                }

                var value = ((JsonObject)source!)[key];
                if (i == parts.Length - 1)
                {
                    target[key] = value?.DeepClone();
                    break;
                }

                if (value is not JsonObject parent)
                {
                    target[key] = null;
                    break;
                }

                if (target[key] is not JsonObject next)
                {
                    next = new JsonObject { ["attributes"] = Attributes(parent["__type"]?.GetValue<string>() ?? key, parent, version) };
                    target[key] = next;
                }

                source = parent;
                target = next;
            }
        }

        foreach (var (relationship, sub) in query.Children)
        {
            var key = Key(record, relationship) ?? throw new SoqlException("INVALID_TYPE", $"\nERROR at Row:1:Column:1\nDidn't understand relationship '{relationship}' in FROM part of query call.");
            var rows = (record[key] as JsonArray ?? []).OfType<JsonObject>().Select(r => (JsonNode)Project(r, sub, r["__type"]?.GetValue<string>() ?? relationship, version)).ToArray();
            row[key] = rows.Length == 0 ? null : new JsonObject { ["totalSize"] = rows.Length, ["done"] = true, ["records"] = new JsonArray(rows) };
        }

        return row;
    }

    public static JsonObject Attributes(string type, JsonObject record, string version) => new()
    {
        ["type"] = type,
        ["url"] = $"/services/data/v{version}/sobjects/{type}/{record["Id"]?.GetValue<string>()}",
    };

    private static string? Key(JsonObject? o, string name) =>
        o?.Select(p => p.Key).FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase) && k != "__type");

    private static List<string> SplitTopLevel(string list)
    {
        var items = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < list.Length; i++)
        {
            depth += list[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (list[i] == ',' && depth == 0)
            {
                items.Add(list[start..i].Trim());
                start = i + 1;
            }
        }

        items.Add(list[start..].Trim());
        return items.Where(i => i.Length > 0).ToList();
    }

    [GeneratedRegex(@"^SELECT\s+(?<select>.+?)\s+FROM\s+(?<from>\w+)(?:\s+WHERE\s+Id\s*=\s*'(?<id>[A-Za-z0-9]{15,18})')?\s*$", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex Statement();
}
