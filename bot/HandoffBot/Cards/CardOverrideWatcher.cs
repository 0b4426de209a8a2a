using Microsoft.Extensions.Options;

namespace HandoffBot.Cards;

/// <summary>
/// Reloads the card overrides when a file in <see cref="CardsOptions.OverridePath"/> changes, like the
/// playbook's watcher: editors write a file in several steps, so changes are collected for a moment
/// first. Being a hosted service, it also makes the templates (and their start-up check) load when the bot starts.
/// </summary>
public sealed partial class CardOverrideWatcher(CardTemplates templates, IOptions<CardsOptions> options, ILogger<CardOverrideWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var folder = templates.OverridePath;
        if (!options.Value.WatchOverrides || folder is null)
        {
            return;
        }

        if (!Directory.Exists(folder))
        {
            LogNoFolder(logger, folder);
            return;
        }

        var changes = System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(folder, "*.json")
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size,
        };
        watcher.Changed += (_, _) => changes.Writer.TryWrite(true);
        watcher.Created += (_, _) => changes.Writer.TryWrite(true);
        watcher.Deleted += (_, _) => changes.Writer.TryWrite(true);
        watcher.Renamed += (_, _) => changes.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;
        LogWatching(logger, folder);
        try
        {
            while (await changes.Reader.WaitToReadAsync(stoppingToken))
            {
                // Real time on purpose: this waits for an editor to finish writing, not for a business clock.
                await Task.Delay(Settle, stoppingToken);
                changes.Reader.TryRead(out _);
                templates.Reload();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 6103, Level = LogLevel.Information, Message = "Watching {Folder} for card template overrides")]
    private static partial void LogWatching(ILogger logger, string folder);

    [LoggerMessage(EventId = 6104, Level = LogLevel.Warning, Message = "Card override folder {Folder} does not exist: the shipped cards are used and nothing is watched (create it and restart, or POST /api/cards/reload once it exists)")]
    private static partial void LogNoFolder(ILogger logger, string folder);
}
