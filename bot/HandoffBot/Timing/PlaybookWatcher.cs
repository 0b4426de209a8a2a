using HandoffBot.Hosting;
using HandoffBot.Options;
using Microsoft.Extensions.Options;

namespace HandoffBot.Timing;

/// <summary>
/// Reloads the playbook when its file is saved. Editors write a file in several steps, so changes
/// are collected for a moment before the reload; an invalid file is refused by the reloader.
/// </summary>
public sealed partial class PlaybookWatcher(PlaybookProvider playbooks, PlaybookReloader reloader, IOptions<TimingOptions> options, ILogger<PlaybookWatcher> logger) : BackgroundService
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var path = playbooks.Path;
        var folder = System.IO.Path.GetDirectoryName(path);
        if (!options.Value.WatchPlaybook || folder is null || !Directory.Exists(folder))
        {
            return;
        }

        var changes = System.Threading.Channels.Channel.CreateBounded<bool>(new System.Threading.Channels.BoundedChannelOptions(1) { FullMode = System.Threading.Channels.BoundedChannelFullMode.DropWrite });
        using var watcher = new FileSystemWatcher(folder, System.IO.Path.GetFileName(path))
        {
            NotifyFilter = NotifyFilters.LastWrite | NotifyFilters.FileName | NotifyFilters.Size,
        };
        watcher.Filters.Add(System.IO.Path.GetFileName(Overlays.YamlOverlay.PathFor(path))); // playbook.local.yaml too
        watcher.Changed += (_, _) => changes.Writer.TryWrite(true);
        watcher.Created += (_, _) => changes.Writer.TryWrite(true);
        watcher.Renamed += (_, _) => changes.Writer.TryWrite(true);
        watcher.EnableRaisingEvents = true;
        LogWatching(logger, path);
        try
        {
            while (await changes.Reader.WaitToReadAsync(stoppingToken))
            {
                // Real time on purpose: this waits for an editor to finish writing, not for a business clock.
                await Task.Delay(Settle, stoppingToken);
                changes.Reader.TryRead(out _);
                await reloader.ReloadAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(EventId = 3203, Level = LogLevel.Information, Message = "Watching {Path} for playbook edits")]
    private static partial void LogWatching(ILogger logger, string path);
}
