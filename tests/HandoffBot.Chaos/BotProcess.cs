using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace HandoffBot.Chaos;

/// <summary>The bot as a real process on one data file: started, killed with SIGKILL, started again.</summary>
internal sealed class BotProcess(string dll, IReadOnlyDictionary<string, string> settings, string logPath) : IAsyncDisposable
{
    private readonly HttpClient http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private Process? process;

    public int Port { get; } = FreePort();

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}/");

    public int Starts { get; private set; }

    public static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    public async Task StartAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        start.Environment["Urls"] = BaseAddress.ToString().TrimEnd('/');
        process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        Starts++;
        var log = File.AppendText(logPath);
        await log.WriteLineAsync($"--- start {Starts} (pid {process.Id})");
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Exited += (_, _) => log.Dispose();
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitReadyAsync(ct);
    }

    /// <summary>SIGKILL at once (from any thread, e.g. while Slack holds one of the bot's calls); <see cref="KillAsync"/> then waits.</summary>
    public void KillNow()
    {
        try
        {
            process?.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    /// <summary>SIGKILL, and wait until the process is gone (its lock on the data file with it).</summary>
    public async Task KillAsync()
    {
        if (process is null)
        {
            return;
        }

        KillNow();
        await process.WaitForExitAsync();
        process.Dispose();
        process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        http.Dispose();
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
                log.Flush();
            }
            catch (ObjectDisposedException)
            {
                // The process is gone.
            }
        }
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (process is null || process.HasExited)
            {
                throw new InvalidOperationException($"the bot exited at start-up (see {logPath})");
            }

            try
            {
                using var answer = await http.GetAsync(new Uri(BaseAddress, "healthz"), ct);
                if (answer.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException) when (!ct.IsCancellationRequested)
            {
                // Slow to answer on a busy machine.
            }

            await Task.Delay(100, ct);
        }

        throw new TimeoutException($"the bot did not become healthy within 90 s (see {logPath})");
    }
}
