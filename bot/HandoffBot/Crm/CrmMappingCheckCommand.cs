using HandoffBot.Cli;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Crm;
using HandoffBot.Hosting;
using Microsoft.Extensions.Options;

namespace HandoffBot.Crm;

/// <summary>
/// `crm-mapping check [file]`: checks a mapping file before the bot is restarted with it, and shows
/// what feeds each field once it is laid over the built-in mapping. Exit 0 valid, 1 invalid, 2 not found.
/// </summary>
public sealed class CrmMappingCheckCommand(IOptions<CrmOptions> options) : ICliCommand
{
    public string Name => "crm-mapping check";

    public string Usage => "crm-mapping check [file]   check a CRM field mapping (default: Crm__MappingPath) and show what feeds each field";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var path = FilePaths.Resolve(args.Count > 0 ? args[0] : options.Value.MappingPath);
        if (!File.Exists(path))
        {
            await error.WriteLineAsync($"{path}: file not found.");
            return 2;
        }

        CrmMapping mapping;
        try
        {
            mapping = CrmMappingLoader.LoadFile(path);
        }
        catch (CrmMappingException ex)
        {
            await error.WriteLineAsync(ex.Message);
            return 1;
        }

        await output.WriteLineAsync($"{path}: valid.");
        foreach (var (name, crm) in new[] { ("HubSpot", mapping.HubSpot), ("Salesforce", mapping.Salesforce) })
        {
            await output.WriteLineAsync($"{name} (default currency {crm.DefaultCurrency}, contacts without a mapped role: {EnumText.Snake(crm.DefaultRole)}):");
            foreach (var target in CrmTargets.All)
            {
                var sources = crm.SourcesOf(target);
                await output.WriteLineAsync($"  {target,-20} {(sources.Count == 0 ? "(not mapped)" : string.Join(", then ", sources))}");
            }

            if (crm.Pipelines.Count > 0)
            {
                await output.WriteLineAsync($"  only pipelines: {string.Join(", ", crm.Pipelines)}");
            }
        }

        return 0;
    }
}
