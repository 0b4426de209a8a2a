using HandoffBot.Core.Crm;
using HandoffBot.Hosting;
using Microsoft.Extensions.Options;

namespace HandoffBot.Crm;

/// <summary>
/// The CRM field mapping from <see cref="CrmOptions.MappingPath"/>, laid over the built-in one.
/// Loaded at start-up (an invalid file stops the bot with every problem as "key: problem").
/// At the default path and absent, the built-in mapping is used.
/// </summary>
public sealed class CrmMappingProvider(IOptions<CrmOptions> options)
{
    private readonly Lazy<(CrmMapping Mapping, string Source)> loaded = new(() => Load(options.Value.MappingPath));

    public CrmMapping Current => loaded.Value.Mapping;

    /// <summary>The file the mapping came from, or "built-in".</summary>
    public string Source => loaded.Value.Source;

    private static (CrmMapping, string) Load(string path)
    {
        var resolved = FilePaths.Resolve(path);
        if (!File.Exists(resolved) && path == CrmOptions.DefaultMappingPath)
        {
            return (CrmMappingDefaults.Mapping, "built-in (no crm-mapping.yaml found)");
        }

        return (CrmMappingLoader.LoadFile(resolved), resolved);
    }
}
