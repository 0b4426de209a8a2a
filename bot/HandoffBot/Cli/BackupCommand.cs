using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using HandoffBot.Options;
using HandoffBot.Storage;
using HandoffBot.Storage.DataFile;
using Microsoft.Extensions.Options;

namespace HandoffBot.Cli;

/// <summary>
/// `backup &lt;destination&gt; [--url &lt;bot address&gt;]`: a consistent copy of the data file. When no
/// process holds the file, this one takes it and copies it itself. When the bot holds it (it runs),
/// the bot makes the copy — only the holder can see the file still — through POST /api/backup with
/// the admin key from this process's settings, at the address the bot wrote into the lock's holder
/// description; the copy is then checked here (it opens, reads whole, holds the counts the bot sent).
/// Exit 0: written and checked; 1: failed; 2: usage; 3: the holder cannot be asked.
/// </summary>
public sealed class BackupCommand(IServiceProvider services, IOptions<StorageOptions> storage, IOptions<AdminOptions> admin) : ICliCommand
{
    public string Name => "backup";

    public string Usage => "backup <destination> [--url <bot address>]   a consistent copy of the data file, also while the bot runs";

    public async Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        string? destination = null;
        Uri? url = null;
        for (var i = 0; i < args.Count; i++)
        {
            if (args[i] == "--url" && i + 1 < args.Count && Uri.TryCreate(args[i + 1], UriKind.Absolute, out var given))
            {
                url = given;
                i++;
            }
            else if (destination is null && !args[i].StartsWith('-'))
            {
                destination = Path.GetFullPath(args[i]);
            }
            else
            {
                await error.WriteLineAsync("Usage: " + Usage);
                return 2;
            }
        }

        if (destination is null)
        {
            await error.WriteLineAsync("Usage: " + Usage);
            return 2;
        }

        if (File.Exists(destination))
        {
            await error.WriteLineAsync($"{destination} already exists; a backup never overwrites a file.");
            return 2;
        }

        if (url is null && !File.Exists(Path.GetFullPath(storage.Value.Path)))
        {
            await error.WriteLineAsync($"There is no data file at {Path.GetFullPath(storage.Value.Path)} (Storage__Path).");
            return 2;
        }

        var path = Path.GetFullPath(storage.Value.Path);
        DataFileHolder? holder;
        if (url is null)
        {
            try
            {
                var result = DataFileBackup.Write(services.GetRequiredService<LiteDbContext>(), destination);
                await output.WriteLineAsync(result.Describe());
                return 0;
            }
            catch (DataFileInUseException busy)
            {
                holder = busy.Holder;
                url = BotAddress(holder);
                if (url is null)
                {
                    await error.WriteLineAsync("Backup not made. " + busy.Message + " That process does not say where it listens "
                        + "(it is not the bot, it has not finished starting, or it runs on another host): wait for it, run `backup` where it runs, or pass --url.");
                    return DataFileInUseException.Code;
                }
            }
            catch (IOException ex)
            {
                await error.WriteLineAsync("Backup failed: " + ex.Message);
                return 1;
            }
        }
        else
        {
            holder = DataFileLock.ReadHolder(path);
        }

        return await FromTheBotAsync(url, destination, holder, output, error, ct);
    }

    private async Task<int> FromTheBotAsync(Uri bot, string destination, DataFileHolder? holder, TextWriter output, TextWriter error, CancellationToken ct)
    {
        var key = admin.Value.ApiKey;
        if (string.IsNullOrEmpty(key))
        {
            await error.WriteLineAsync($"The bot holds the data file (pid {holder?.Pid}); it makes the copy when asked with its admin key: set Admin__ApiKey for this command as for the bot.");
            return 1;
        }

        var clock = Stopwatch.StartNew();
        var partial = destination + ".partial";
        try
        {
            // One call from a short-lived process; the copy may take minutes to stream.
            using var http = new HttpClient { BaseAddress = bot, Timeout = Timeout.InfiniteTimeSpan };
            using var request = new HttpRequestMessage(HttpMethod.Post, StorageEndpoints.BackupRoute.TrimStart('/'));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            if (!response.IsSuccessStatusCode)
            {
                var why = response.StatusCode == HttpStatusCode.Unauthorized
                    ? "it refused the admin key (Admin__ApiKey must be the bot's)"
                    : $"it answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}";
                await error.WriteLineAsync($"Backup not made: the bot at {bot} holds the data file and {why}.");
                return 1;
            }

            var expected = DataFileBackup.Parse(response.Headers.TryGetValues(StorageEndpoints.CountsHeader, out var values) ? values.FirstOrDefault() : null);
            if (expected is null)
            {
                await error.WriteLineAsync($"Backup not made: the answer from {bot} does not say what the copy holds (no {StorageEndpoints.CountsHeader}); is it HandoffBot?");
                return 1;
            }

            var folder = Path.GetDirectoryName(destination);
            if (!string.IsNullOrEmpty(folder))
            {
                Directory.CreateDirectory(folder);
            }

            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
            {
                await response.Content.CopyToAsync(file, ct);
            }

            var contents = DataFileBackup.Verify(partial, expected);
            File.Move(partial, destination);
            var result = new BackupResult(destination, new FileInfo(destination).Length, contents, clock.Elapsed);
            await output.WriteLineAsync($"The running bot (pid {holder?.Pid}, {bot}) made the copy. " + result.Describe());
            return 0;
        }
        catch (HttpRequestException ex)
        {
            await error.WriteLineAsync($"Backup not made: the bot holding the data file (pid {holder?.Pid}) cannot be reached at {bot} ({ex.Message}); pass --url with an address it listens on.");
            return 1;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or DataFileDamagedException)
        {
            await error.WriteLineAsync("Backup failed: " + ex.Message);
            return 1;
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>An address of the holder this process can reach: on this host only; a wildcard binding is asked on loopback.</summary>
    public static Uri? BotAddress(DataFileHolder? holder)
    {
        if (holder is null || !string.Equals(holder.Host, Environment.MachineName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        foreach (var address in holder.Urls.OrderBy(u => u.StartsWith("https:", StringComparison.OrdinalIgnoreCase) ? 1 : 0))
        {
            var text = address.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
                .Replace("://[::]", "://[::1]", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://+", "://localhost", StringComparison.Ordinal);
            if (Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
            {
                return uri;
            }
        }

        return null;
    }
}
