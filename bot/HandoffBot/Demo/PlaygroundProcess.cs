using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace HandoffBot.Demo;

/// <summary>
/// The Microsoft 365 Agents Playground (npm, a local Teams client) started for the demo through npx,
/// with the demo's tenant (manifest/teams/playground.yml: the same people as the demo directory). It
/// prints the port it listens on (a busy port silently becomes another); that is the URL the person opens.
/// Stopped with the bot.
/// </summary>
public sealed partial class PlaygroundProcess(ILogger logger) : IAsyncDisposable
{
    private readonly TaskCompletionSource<int> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Process? process;

    /// <summary>The port it listens on, once it says so; null when it could not start (the reason was logged).</summary>
    public Task<int> Listening => listening.Task;

    /// <summary>The command a person would type instead (logged when npx is missing or the start is switched off).</summary>
    public static string CommandLine(string package, Uri bot, int port, string configPath) =>
        $"M365_AGENTS_PLAYGROUND_CONFIG_PATH={configPath} TEAMSAPPTESTER_BROWSER=none npx --yes --package={package} agentsplayground start -e {Endpoint(bot)} -c msteams -p {port} --dt";

    public static string Endpoint(Uri bot) => new UriBuilder(bot) { Host = bot.IsLoopback || bot.Host == "localhost" ? "127.0.0.1" : bot.Host, Path = "/api/messages" }.Uri.ToString();

    public bool Start(string package, Uri bot, int port, string folder)
    {
        var config = Path.Combine(folder, ".m365agentsplayground.yml");
        var info = new ProcessStartInfo(OperatingSystem.IsWindows() ? "npx.cmd" : "npx")
        {
            WorkingDirectory = folder, // its devTools/ log goes here
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--yes", "--package=" + package, "agentsplayground", "start", "-e", Endpoint(bot), "-c", "msteams", "-p", port.ToString(CultureInfo.InvariantCulture), "--dt" })
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["TEAMSAPPTESTER_BROWSER"] = "none";
        info.Environment["M365_AGENTS_PLAYGROUND_CONFIG_PATH"] = config;
        info.Environment["npm_config_update_notifier"] = "false";
        info.Environment["npm_config_fund"] = "false";
        try
        {
            process = new Process { StartInfo = info, EnableRaisingEvents = true };
            process.OutputDataReceived += (_, e) => Read(e.Data);
            process.ErrorDataReceived += (_, e) => Read(e.Data);
            process.Exited += (_, _) => Exited();
            process.Start();
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return true;
        }
        catch (Win32Exception)
        {
            listening.TrySetCanceled();
            LogNoNpx(logger, CommandLine(package, bot, port, config));
            return false;
        }
    }

    private void Read(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (Port().Match(line) is { Success: true } m && int.TryParse(m.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port))
        {
            listening.TrySetResult(port);
        }
        else if (!string.IsNullOrWhiteSpace(line))
        {
            LogOutput(logger, line.Length > 300 ? line[..300] : line);
        }
    }

    private void Exited()
    {
        var code = process?.ExitCode ?? -1;
        if (!listening.Task.IsCompleted)
        {
            LogFailed(logger, code);
            listening.TrySetCanceled();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (process is null)
        {
            return;
        }

        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // already gone
        }

        process.Dispose();
    }

    [GeneratedRegex(@"Listening on (\d+)", RegexOptions.None, 200)]
    private static partial Regex Port();

    [LoggerMessage(EventId = 9110, Level = LogLevel.Information, Message = "Demo: the Teams playground needs Node.js 20 or later (npx was not found). Install Node.js and start the demo again, or start the playground yourself: {Command}")]
    private static partial void LogNoNpx(ILogger logger, string command);

    [LoggerMessage(EventId = 9111, Level = LogLevel.Debug, Message = "Playground: {Line}")]
    private static partial void LogOutput(ILogger logger, string line);

    [LoggerMessage(EventId = 9112, Level = LogLevel.Warning, Message = "Demo: the Teams playground stopped before it listened (exit code {ExitCode}). Its log: data/demo/playground/devTools/m365agentsplayground.log; npm needs to reach its registry the first time")]
    private static partial void LogFailed(ILogger logger, int exitCode);
}
