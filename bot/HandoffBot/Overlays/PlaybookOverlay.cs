using HandoffBot.Core.Playbooks;

namespace HandoffBot.Overlays;

/// <summary>
/// The playbook in force: <c>Playbook__Path</c> with its local overlay (<c>playbook.local.yaml</c> beside
/// it, git-ignored) merged over it when there is one. Segments merge by name, so
/// <c>segments: [{ name: Enterprise, csChannel: teams:19:…@thread.tacv2 }]</c> routes Enterprise briefs
/// without touching the shipped file.
/// </summary>
public static class PlaybookOverlay
{
    private static readonly Dictionary<string, string> KeyedLists = new(StringComparer.Ordinal) { ["segments"] = "name" };

    /// <summary>Loads the playbook (and its overlay); problems are a <see cref="PlaybookException"/> naming both files.</summary>
    public static Playbook Load(string path)
    {
        var overlay = YamlOverlay.PathFor(path);
        if (!File.Exists(overlay) || !File.Exists(path))
        {
            return PlaybookLoader.LoadFile(path);
        }

        string merged;
        try
        {
            merged = YamlOverlay.Merge(File.ReadAllText(path), File.ReadAllText(overlay), overlay, KeyedLists);
        }
        catch (OverlayException ex)
        {
            throw new PlaybookException(ex.File, [ex.Problem]);
        }

        return PlaybookLoader.Parse(merged, Describe(path));
    }

    /// <summary>"playbook.yaml" or "playbook.yaml + playbook.local.yaml", for the log and for problems.</summary>
    public static string Describe(string path)
    {
        var overlay = YamlOverlay.PathFor(path);
        return File.Exists(overlay) ? $"{path} + {Path.GetFileName(overlay)}" : path;
    }
}
