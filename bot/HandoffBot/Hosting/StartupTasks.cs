using HandoffBot.Core.People;
using HandoffBot.Options;
using HandoffBot.Core.Storage;
using HandoffBot.Storage;
using Microsoft.Extensions.Options;

namespace HandoffBot.Hosting;

/// <summary>
/// Before the bot serves anything: the playbook must load (an invalid one stops start-up with the
/// key and the problem), the directory seed is applied, and every disabled integration is named.
/// </summary>
public sealed partial class StartupTasks(
    PlaybookProvider playbook,
    IPeopleDirectory directory,
    IStorageHealth storage,
    IClusterLock cluster,
    IOptions<PeopleOptions> people,
    IEnumerable<IIntegrationStatusSource> integrations,
    ILogger<StartupTasks> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var loaded = playbook.Current;
        LogPlaybook(logger, playbook.Description, loaded.Segments.Count);
        LogStorage(logger, storage.Description);
        // Instances starting together seed one after another (the others find the people there).
        while (!await cluster.TryRunAsync("people-seed", SeedAsync, cancellationToken))
        {
            // Real time on purpose: this waits for another process, not for a business clock.
            await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
        }

        foreach (var status in integrations.Select(i => i.Status))
        {
            if (status.Enabled && status.Detail is { } warning && warning.Contains("NEVER", StringComparison.OrdinalIgnoreCase))
            {
                LogEnabledWarning(logger, status.Name, warning);
            }
            else if (status.Enabled)
            {
                LogEnabled(logger, status.Name, status.Detail ?? "");
            }
            else
            {
                LogDisabled(logger, status.Name, status.HowToEnable);
            }
        }
    }

    public async Task SeedAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(people.Value.SeedPath))
        {
            return;
        }

        var path = FilePaths.Resolve(people.Value.SeedPath);
        var result = await Overlays.PeopleOverlay.ApplyAsync(path, directory, ct);
        LogSeed(logger, Overlays.PeopleOverlay.Describe(path), result.Added, result.Updated, result.Skipped);
        foreach (var problem in result.Problems)
        {
            LogSeedProblem(logger, problem);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(EventId = 100, Level = LogLevel.Information, Message = "Playbook {Path} loaded: {Segments} segment(s)")]
    private static partial void LogPlaybook(ILogger logger, string path, int segments);

    [LoggerMessage(EventId = 101, Level = LogLevel.Information, Message = "Storage: {Storage}")]
    private static partial void LogStorage(ILogger logger, string storage);

    [LoggerMessage(EventId = 102, Level = LogLevel.Information, Message = "People seed {Path}: {Added} added, {Updated} updated from the local file, {Skipped} already in the directory")]
    private static partial void LogSeed(ILogger logger, string path, int added, int updated, int skipped);

    [LoggerMessage(EventId = 103, Level = LogLevel.Warning, Message = "People seed: {Problem}")]
    private static partial void LogSeedProblem(ILogger logger, string problem);

    [LoggerMessage(EventId = 104, Level = LogLevel.Information, Message = "{Integration}: enabled {Detail}")]
    private static partial void LogEnabled(ILogger logger, string integration, string detail);

    [LoggerMessage(EventId = 106, Level = LogLevel.Warning, Message = "{Integration}: enabled {Detail}")]
    private static partial void LogEnabledWarning(ILogger logger, string integration, string detail);

    [LoggerMessage(EventId = 105, Level = LogLevel.Warning, Message = "{Integration}: disabled — {HowToEnable}")]
    private static partial void LogDisabled(ILogger logger, string integration, string howToEnable);
}
