using HandoffBot.Core.Application;
using HandoffBot.Core.Playbooks;
using HandoffBot.Options;
using HandoffBot.Overlays;
using Microsoft.Extensions.Options;

namespace HandoffBot.Hosting;

/// <summary>
/// The playbook from Playbook:Path, with its local overlay (playbook.local.yaml beside it) merged over it. Loaded on first use (start-up fails on an invalid file) and
/// reloadable while the bot runs: an invalid file is refused and the playbook in force stays.
/// </summary>
public sealed class PlaybookProvider(IOptions<PlaybookOptions> options) : IPlaybookProvider
{
    private readonly Lock gate = new();
    private Playbook? current;

    public Playbook Current
    {
        get
        {
            var loaded = Volatile.Read(ref current);
            if (loaded is not null)
            {
                return loaded;
            }

            lock (gate)
            {
                current ??= PlaybookOverlay.Load(Path);
                return current;
            }
        }
    }

    public string Path => FilePaths.Resolve(options.Value.Path);

    /// <summary>The playbook file, and its overlay when there is one (for the log).</summary>
    public string Description => PlaybookOverlay.Describe(Path);

    /// <summary>Reads the file again. Returns the playbook in force before, or the problems when the file is invalid.</summary>
    public (Playbook? Previous, IReadOnlyList<string> Problems) Reload()
    {
        Playbook next;
        try
        {
            next = PlaybookOverlay.Load(Path);
        }
        catch (PlaybookException ex)
        {
            return (null, ex.Problems);
        }
        catch (IOException ex)
        {
            return (null, [$"{Path}: {ex.Message}"]);
        }

        lock (gate)
        {
            var previous = current;
            Volatile.Write(ref current, next);
            return (previous, []);
        }
    }
}
