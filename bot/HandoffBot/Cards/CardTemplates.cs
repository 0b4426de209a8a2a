using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using HandoffBot.Cards.Templating;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace HandoffBot.Cards;

/// <summary>One override file as the last (re)load found it.</summary>
/// <param name="Name">The template it replaces, e.g. <c>teams/brief</c>.</param>
/// <param name="InForce">It passed the checks and replaces the shipped card.</param>
public sealed record OverrideResult(string Name, string File, bool InForce, IReadOnlyList<string> Problems);

/// <summary>
/// The card templates: the shipped ones of the top-level cards/ folder, embedded in the assembly
/// (so the bot, the tests and the CLI find the same ones wherever they run), and the overrides of
/// <see cref="CardsOptions.OverridePath"/>, which replace shipped cards one by one once they pass
/// <see cref="CardValidator"/> — at start-up and on every reload. A refused override leaves the
/// shipped card in force and says why in the log.
/// </summary>
public sealed partial class CardTemplates
{
    private const string Prefix = "cards/";
    private static readonly Assembly Assembly = typeof(CardTemplates).Assembly;
    private static readonly ConcurrentDictionary<string, CardTemplate> Compiled = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ILogger logger;
    private volatile FrozenDictionary<string, CardTemplate> overrides = FrozenDictionary<string, CardTemplate>.Empty;
    private volatile IReadOnlyList<OverrideResult> lastResults = [];

    /// <summary>The shipped templates only (tests, the CLI).</summary>
    public CardTemplates()
        : this(null, NullLogger<CardTemplates>.Instance)
    {
    }

    public CardTemplates(IOptions<CardsOptions>? options, ILogger<CardTemplates> logger)
    {
        this.logger = logger;
        OverridePath = options?.Value.OverridePath is { Length: > 0 } path ? Path.GetFullPath(path) : null;
        if (OverridePath is not null)
        {
            Reload();
        }
    }

    /// <summary>Every shipped template by name, e.g. <c>teams/brief</c>, <c>slack/modal-reject</c>.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        .. Assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal) && !n.EndsWith(".data.json", StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..^".json".Length])
            .Order(StringComparer.Ordinal),
    ];

    /// <summary>The override folder (full path), or null when none is configured.</summary>
    public string? OverridePath { get; }

    /// <summary>What the last load of the override folder found, file by file.</summary>
    public IReadOnlyList<OverrideResult> Overrides => lastResults;

    /// <summary>Raised after every reload (the watcher's tests wait for it).</summary>
    public event Action<IReadOnlyList<OverrideResult>>? Reloaded;

    /// <summary>The template in force: the override when one passed the checks, else the shipped one.</summary>
    public CardTemplate Get(string name) => overrides.TryGetValue(name, out var custom) ? custom : Shipped(name);

    public bool IsOverridden(string name) => overrides.ContainsKey(name);

    /// <summary>Puts a template in force without the checks (tests of what the renderer does when one fails anyway).</summary>
    internal void ForceOverride(string name, CardTemplate template) =>
        overrides = overrides.Append(new KeyValuePair<string, CardTemplate>(name, template)).ToFrozenDictionary(StringComparer.Ordinal);

    public static CardTemplate Shipped(string name) => Compiled.GetOrAdd(name, n => CardTemplate.Compile(n, Source(n)));

    /// <summary>The shipped template's JSON as written (for the differential test and tools).</summary>
    public static JsonNode Source(string name) => Resource(name + ".json")
        ?? throw new TemplateException($"No card template '{name}' (known: {string.Join(", ", Names)}).");

    /// <summary>The sample data shipped beside a template (<c>&lt;card&gt;.data.json</c>), as the Designer opens it.</summary>
    public static JsonNode? Sample(string name) => Resource(name + ".data.json");

    /// <summary>
    /// Reads the override folder again: every <c>teams/*.json</c> and <c>slack/*.json</c> whose name is a
    /// shipped card is checked; those that pass replace the shipped card, the others are refused with the reason.
    /// </summary>
    public IReadOnlyList<OverrideResult> Reload()
    {
        if (OverridePath is null)
        {
            return [];
        }

        gate.Wait();
        try
        {
            var results = new List<OverrideResult>();
            var accepted = new Dictionary<string, CardTemplate>(StringComparer.Ordinal);
            foreach (var (name, file) in Files(OverridePath))
            {
                var problems = new List<string>();
                CardTemplate? template = null;
                if (!Names.Contains(name, StringComparer.Ordinal))
                {
                    problems.Add($"there is no shipped card '{name}' to replace (known: {string.Join(", ", Names)})");
                }
                else
                {
                    (template, problems) = Check(name, file);
                }

                if (template is not null && problems.Count == 0)
                {
                    accepted[name] = template;
                    LogOverride(logger, name, file);
                }
                else
                {
                    LogRefused(logger, name, file, string.Join(" | ", problems.Take(5)));
                }

                results.Add(new OverrideResult(name, file, template is not null && problems.Count == 0, problems));
            }

            overrides = accepted.ToFrozenDictionary(StringComparer.Ordinal);
            lastResults = results;
            Reloaded?.Invoke(results);
            return results;
        }
        finally
        {
            gate.Release();
        }
    }

    private static (CardTemplate? Template, List<string> Problems) Check(string name, string file)
    {
        JsonNode? source;
        try
        {
            using var stream = File.OpenRead(file);
            source = JsonNode.Parse(stream, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception ex) when (ex is JsonException or IOException or UnauthorizedAccessException)
        {
            return (null, [$"not readable JSON: {ex.Message}"]);
        }

        if (source is null)
        {
            return (null, ["the file is empty"]);
        }

        CardTemplate template;
        try
        {
            template = CardTemplate.Compile(name, source);
        }
        catch (TemplateException ex)
        {
            return (null, [ex.Message]);
        }

        return (template, [.. CardValidator.Check(name, template)]);
    }

    private static IEnumerable<(string Name, string File)> Files(string folder)
    {
        foreach (var platform in new[] { "teams", "slack" })
        {
            var dir = Path.Combine(folder, platform);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(dir, "*.json").Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
            {
                yield return ($"{platform}/{Path.GetFileNameWithoutExtension(file)}", file);
            }
        }
    }

    private static JsonNode? Resource(string file)
    {
        using var stream = Assembly.GetManifestResourceStream(Prefix + file);
        return stream is null ? null : JsonNode.Parse(stream);
    }

    [LoggerMessage(EventId = 6101, Level = LogLevel.Information, Message = "Card override in force: {Template} from {File}")]
    private static partial void LogOverride(ILogger logger, string template, string file);

    [LoggerMessage(EventId = 6102, Level = LogLevel.Warning, Message = "Card override {File} refused, the shipped {Template} stays: {Problems}")]
    private static partial void LogRefused(ILogger logger, string template, string file, string problems);
}
