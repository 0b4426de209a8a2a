using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Nodes;
using HandoffBot.Cards.Templating;

namespace HandoffBot.Cards;

/// <summary>
/// The templates of the top-level cards/ folder, embedded in the assembly (so the bot, the tests and
/// the CLI find the same ones wherever they run), each parsed and compiled once on first use.
/// </summary>
public sealed class CardTemplates
{
    private const string Prefix = "cards/";
    private static readonly Assembly Assembly = typeof(CardTemplates).Assembly;
    private readonly ConcurrentDictionary<string, CardTemplate> compiled = new(StringComparer.Ordinal);

    /// <summary>Every template by name, e.g. <c>teams/message</c>, <c>slack/modal</c>.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal) && !n.StartsWith(Prefix + "samples/", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal),
    ];

    public CardTemplate Get(string name) => compiled.GetOrAdd(name, Load);

    /// <summary>The template's JSON as written (for the differential test and tools).</summary>
    public static JsonNode Source(string name)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + name + ".json")
            ?? throw new TemplateException($"No card template '{name}' (known: {string.Join(", ", Names)}).");
        return JsonNode.Parse(stream) ?? throw new TemplateException($"{name}: empty template.");
    }

    private static CardTemplate Load(string name) => CardTemplate.Compile(name, Source(name));
}
