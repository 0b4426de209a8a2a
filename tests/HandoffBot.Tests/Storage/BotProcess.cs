using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using HandoffBot.Intake;
using HandoffBot.Security;

namespace HandoffBot.Tests.Storage;

/// <summary>
/// The built bot (bot/HandoffBot/bin/…/HandoffBot.dll) as a real OS process: its own data file
/// setting, a loopback port picked by the OS, stdout/stderr captured. Used where only separate
/// processes show the behaviour (file locks, kill -9).
/// </summary>
public sealed class BotProcess : IAsyncDisposable
{
    public const string IntakeSecret = "process-intake-secret";
    public const string AdminKey = "process-admin-key";

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly StringBuilder error = new();
    private readonly TaskCompletionSource<Uri> listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private BotProcess(Process process)
    {
        this.process = process;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.AppendLine(e.Data);
            const string Marker = "Now listening on: ";
            var at = e.Data.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                listening.TrySetResult(new Uri(e.Data[(at + Marker.Length)..].Trim()));
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (error) error.AppendLine(e.Data);
        };
        process.Exited += (_, _) => listening.TrySetException(new InvalidOperationException("The bot exited before it listened."));
    }

    public int Id => process.Id;

    public string Output
    {
        get { lock (output) return output.ToString(); }
    }

    public string Error
    {
        get { lock (error) return error.ToString(); }
    }

    public Uri? BaseAddress { get; private set; }

    /// <summary>The bot (no arguments) or a CLI verb (arguments) on <paramref name="dbPath"/>.</summary>
    public static BotProcess Start(string dbPath, params string[] args) => Start(dbPath, null, args);

    public static BotProcess Start(string dbPath, IDictionary<string, string>? environment, params string[] args)
    {
        var dll = AppDll();
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["DOTNET_ENVIRONMENT"] = "Production";
        info.Environment["Urls"] = "http://127.0.0.1:0";
        info.Environment["Storage__Path"] = dbPath;
        info.Environment["Intake__SigningSecret"] = IntakeSecret;
        info.Environment["Admin__ApiKey"] = AdminKey;
        info.Environment["Teams__Enabled"] = "false";
        info.Environment["Scheduler__Enabled"] = "false";
        info.Environment["Timing__WatchPlaybook"] = "false";
        info.Environment["Playbook__Path"] = Support.TestDefaults.PlaybookPath;
        info.Environment["People__SeedPath"] = Support.TestDefaults.PeoplePath;
        info.Environment["Logging__Console__FormatterName"] = "simple";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var bot = new BotProcess(process);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return bot;
    }

    /// <summary>Waits until the bot listens (it printed its address); fails with its output if it exits first.</summary>
    public async Task<Uri> ListeningAsync(TimeSpan? timeout = null)
    {
        try
        {
            BaseAddress = await listening.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(90));
            return BaseAddress;
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            throw new InvalidOperationException($"The bot did not start listening ({ex.Message}).\nstdout:\n{Output}\nstderr:\n{Error}", ex);
        }
    }

    /// <summary>The exit code, or null when it is still running after <paramref name="timeout"/>.</summary>
    public async Task<int?> ExitCodeAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
            return process.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    /// <summary>kill -9: no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync();
    }

    public HttpClient Client(bool admin = false)
    {
        var client = new HttpClient { BaseAddress = BaseAddress ?? throw new InvalidOperationException("Not listening yet."), Timeout = TimeSpan.FromSeconds(60) };
        if (admin)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        }

        return client;
    }

    public async Task<HttpResponseMessage> PostDealAsync(string json)
    {
        using var client = Client();
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(DealIntakeEndpoint.TimestampHeader, timestamp);
        request.Headers.Add(DealIntakeEndpoint.SignatureHeader, RequestSignature.Compute(IntakeSecret, "v1", timestamp, body));
        return await client.SendAsync(request);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await KillAsync();
        }
        catch (InvalidOperationException)
        {
            // never started
        }

        process.Dispose();
    }

    /// <summary>The bot as built next to these tests (same configuration), found from the repository root.</summary>
    private static string AppDll()
    {
        var testDir = AppContext.BaseDirectory;
        var configuration = new DirectoryInfo(testDir.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        for (var dir = new DirectoryInfo(testDir); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bot", "HandoffBot", "bin", configuration, "net10.0", "HandoffBot.dll");
            if (File.Exists(Path.Combine(dir.FullName, "HandoffBot.sln")) && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return Path.Combine(testDir, "HandoffBot.dll");
    }
}
