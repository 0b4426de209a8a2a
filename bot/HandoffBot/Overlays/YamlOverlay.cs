using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace HandoffBot.Overlays;

/// <summary>
/// A local file merged over a shipped one, so nobody has to edit what ships (and a later release can
/// change it without a conflict): <c>playbook.local.yaml</c> beside <c>playbook.yaml</c>. Mappings are
/// merged key by key, at any depth; a list named in <c>keyedLists</c> is merged item by item on its key
/// (segments by name: an overlay segment named like a shipped one changes only the keys it gives, a new
/// name is added at the end); any other value, lists included, is replaced by the overlay's.
/// </summary>
public static class YamlOverlay
{
    /// <summary>The overlay of a file: <c>&lt;name&gt;.local&lt;extension&gt;</c> beside it.</summary>
    public static string PathFor(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var folder = Path.GetDirectoryName(path) ?? "";
        return Path.Combine(folder, Path.GetFileNameWithoutExtension(path) + ".local" + Path.GetExtension(path));
    }

    /// <summary>The merged document as YAML text.</summary>
    /// <param name="keyedLists">Top-level list name → the key its items are matched on (ordinal, ignoring case).</param>
    /// <exception cref="OverlayException">The overlay is not YAML, or not a mapping at the top.</exception>
    public static string Merge(string baseYaml, string overlayYaml, string overlaySource, IReadOnlyDictionary<string, string> keyedLists)
    {
        ArgumentNullException.ThrowIfNull(keyedLists);
        var overlay = Root(overlayYaml, overlaySource);
        if (overlay is null)
        {
            return baseYaml;
        }

        // The shipped file's own problems are reported by its loader, as without an overlay.
        var merged = Root(baseYaml, "the shipped file") ?? new YamlMappingNode();
        foreach (var (key, value) in overlay.Children)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            merged.Children[key] = merged.Children.TryGetValue(key, out var existing)
                ? keyedLists.TryGetValue(name, out var itemKey) && existing is YamlSequenceNode list && value is YamlSequenceNode items
                    ? MergeList(list, items, itemKey)
                    : MergeNode(existing, value)
                : value;
        }

        using var writer = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(merged)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlMappingNode? Root(string yaml, string source)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            throw new OverlayException(source, $"line {ex.Start.Line}, column {ex.Start.Column}: {ex.InnerException?.Message ?? ex.Message}");
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
        {
            return null;
        }

        return stream.Documents[0].RootNode as YamlMappingNode
            ?? throw new OverlayException(source, "the file must be a mapping of keys (like the shipped file), not a list or a single value");
    }

    private static YamlNode MergeNode(YamlNode existing, YamlNode overlay)
    {
        if (existing is not YamlMappingNode map || overlay is not YamlMappingNode over)
        {
            return overlay;
        }

        var merged = new YamlMappingNode(map.Children);
        foreach (var (key, value) in over.Children)
        {
            merged.Children[key] = merged.Children.TryGetValue(key, out var inner) ? MergeNode(inner, value) : value;
        }

        return merged;
    }

    private static YamlSequenceNode MergeList(YamlSequenceNode list, YamlSequenceNode overlay, string itemKey)
    {
        var merged = new List<YamlNode>(list.Children);
        foreach (var item in overlay.Children)
        {
            var key = KeyOf(item, itemKey);
            var at = key is null ? -1 : merged.FindIndex(m => string.Equals(KeyOf(m, itemKey), key, StringComparison.OrdinalIgnoreCase));
            if (at >= 0)
            {
                // The shipped spelling of the key stays (an overlay may write "enterprise" for "Enterprise").
                var keyNode = new YamlScalarNode(itemKey);
                var shippedKey = ((YamlMappingNode)merged[at]).Children[keyNode];
                var mergedItem = (YamlMappingNode)MergeNode(merged[at], item);
                mergedItem.Children[keyNode] = shippedKey;
                merged[at] = mergedItem;
            }
            else
            {
                merged.Add(item);
            }
        }

        return new YamlSequenceNode(merged);
    }

    private static string? KeyOf(YamlNode item, string itemKey) =>
        item is YamlMappingNode map && map.Children.TryGetValue(new YamlScalarNode(itemKey), out var value) ? (value as YamlScalarNode)?.Value?.Trim() : null;
}

/// <summary>An overlay that cannot be merged: the file and the problem.</summary>
public sealed class OverlayException(string source, string problem) : Exception($"{source}: {problem}")
{
    public string File { get; } = source;

    public string Problem { get; } = problem;
}
