using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace HandoffBot.Tests.Support;

/// <summary>
/// The built bot as its own process (<c>dotnet HandoffBot.dll</c> from the test output folder, with the
/// tests' own playbook and people, <see cref="TestDefaults"/>), configured only through environment variables, as a deployment
/// is. It listens on a free loopback port, read from its own "Now listening on" line; nothing waits on
/// a clock. Killed (with its children) on dispose.
/// </summary>
public sealed partial class BotProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BotProcess(Process process) => this.process = process;

    /// <summary>Where the bot listens (http://127.0.0.1:port).</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Everything the process wrote to stdout and stderr so far.</summary>
    public string Output => string.Join('\n', output);

    public string DataFolder { get; private set; } = "";

    /// <summary>
    /// Starts the bot with these settings (environment variable names, e.g. <c>Teams__Enabled</c>) on
    /// top of a fresh data file and the environment <paramref name="environment"/>; returns once it
    /// listens, or throws with its output when it exits first.
    /// </summary>
    public static async Task<BotProcess> StartAsync(IDictionary<string, string?> settings, string environment = "Production", IReadOnlyList<string>? arguments = null, string? workingDirectory = null)
    {
        var bot = Launch(settings, environment, arguments, workingDirectory);
        var exited = bot.process.WaitForExitAsync();
        using var timeout = new CancellationTokenSource(StartTimeout);
        var first = await Task.WhenAny(bot.listening.Task, exited, Task.Delay(Timeout.Infinite, timeout.Token));
        if (first != bot.listening.Task)
        {
            var why = first == exited ? $"exited with {bot.process.ExitCode}" : "did not start in time";
            var text = bot.Output;
            await bot.DisposeAsync();
            throw new InvalidOperationException($"The bot {why}:\n{text}");
        }

        bot.Url = await bot.listening.Task;
        return bot;
    }

    /// <summary>Starts the bot and waits for it to exit by itself (a refused start-up): its exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunUntilExitAsync(IDictionary<string, string?> settings, string environment = "Production", string? workingDirectory = null)
    {
        await using var bot = Launch(settings, environment, null, workingDirectory);
        using var timeout = new CancellationTokenSource(StartTimeout);
        var exited = bot.process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(exited, bot.listening.Task);
        if (first == bot.listening.Task)
        {
            throw new InvalidOperationException("The bot started although it should have refused to:\n" + bot.Output);
        }

        await exited;
        await bot.process.WaitForExitAsync(); // drains the output readers
        return (bot.process.ExitCode, bot.Output);
    }

    private static BotProcess Launch(IDictionary<string, string?> settings, string environment, IReadOnlyList<string>? arguments = null, string? workingDirectory = null)
    {
        var folder = Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var info = new ProcessStartInfo("dotnet")
        {
            // Another working directory (e.g. for the demo, which writes below it): the app's content root all the same.
            WorkingDirectory = workingDirectory ?? AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "HandoffBot.dll"));
        foreach (var argument in arguments ?? [])
        {
            info.ArgumentList.Add(argument);
        }

        if (workingDirectory is not null)
        {
            info.ArgumentList.Add("--contentRoot");
            info.ArgumentList.Add(AppContext.BaseDirectory);
        }

        // Only what the test says: nothing inherited from the developer's shell may configure the bot.
        foreach (var key in info.Environment.Keys.Where(IsBotSetting).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = environment;
        info.Environment["DOTNET_ENVIRONMENT"] = environment;
        info.Environment["Urls"] = "http://127.0.0.1:0";
        info.Environment["Storage__Path"] = Path.Combine(folder, "handoffbot.db");
        info.Environment["Timing__WatchPlaybook"] = "false";
        info.Environment["Playbook__Path"] = TestDefaults.PlaybookPath;
        info.Environment["People__SeedPath"] = TestDefaults.PeoplePath;
        info.Environment["Crm__MappingPath"] = TestDefaults.CrmMappingPath;
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        foreach (var (key, value) in settings)
        {
            info.Environment[key] = value;
        }

        var bot = new BotProcess(new Process { StartInfo = info, EnableRaisingEvents = true }) { DataFolder = folder };
        bot.process.OutputDataReceived += (_, e) => bot.Receive(e.Data);
        bot.process.ErrorDataReceived += (_, e) => bot.Receive(e.Data);
        bot.process.Start();
        bot.process.BeginOutputReadLine();
        bot.process.BeginErrorReadLine();
        return bot;
    }

    private static bool IsBotSetting(string key) =>
        key.Contains("__", StringComparison.Ordinal) || key.StartsWith("Microsoft", StringComparison.OrdinalIgnoreCase)
        || key.StartsWith("ASPNETCORE_", StringComparison.Ordinal) || key.StartsWith("DOTNET_ENVIRONMENT", StringComparison.Ordinal)
        || key.StartsWith("To", StringComparison.Ordinal) || key is "ChannelService" or "OAuthUrl" or "CallerId" or "ValidateAuthority" or "Urls";

    private void Receive(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        if (ListeningLine().Match(line) is { Success: true } match)
        {
            listening.TrySetResult(new Uri(match.Groups[1].Value));
        }
    }

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    public HttpClient Client() => new() { BaseAddress = Url };

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
    }
}
