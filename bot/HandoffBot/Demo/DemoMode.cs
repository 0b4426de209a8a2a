using System.Net;
using System.Net.Sockets;
using HandoffBot.Core.Handoffs;
using HandoffBot.Storage.DataFile;
using HandoffBot.Teams;

namespace HandoffBot.Demo;

/// <summary>
/// <c>dotnet run --project bot/HandoffBot -- demo [teams|slack]</c>: the bot as a local trial. Before the
/// host is built it checks what would stop the trial (not Development, a Teams app id set, a demo already
/// running, the port taken) and says so in one paragraph; then it writes the demo's files fresh and puts
/// the demo settings over every other source.
/// </summary>
public sealed class DemoMode
{
    public const string Verb = "demo";

    /// <summary>Exit code: the demo cannot start here as configured (the reason was printed).</summary>
    public const int Refused = 2;

    private DemoMode(ChatPlatform platform, string[] rest)
    {
        Platform = platform;
        RemainingArgs = rest;
    }

    public ChatPlatform Platform { get; }

    /// <summary>The arguments after the verb (e.g. --urls), for the host.</summary>
    public string[] RemainingArgs { get; }

    /// <summary>The demo when the first argument is <c>demo</c> (optionally followed by <c>teams</c> or <c>slack</c>); null otherwise.</summary>
    public static DemoMode? Parse(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.Length == 0 || !string.Equals(args[0], Verb, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (args.Length > 1 && Enum.TryParse<ChatPlatform>(args[1], ignoreCase: true, out var platform) && !args[1].All(char.IsDigit))
        {
            return new DemoMode(platform, args[2..]);
        }

        return new DemoMode(ChatPlatform.Teams, args[1..]);
    }

    /// <summary>Null when the demo may start (its settings are now in <paramref name="builder"/>); else the exit code, the reason written to <paramref name="error"/>.</summary>
    public int? Prepare(WebApplicationBuilder builder, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(error);
        if (!builder.Environment.IsDevelopment())
        {
            error.WriteLine($"The demo did not start: it runs only in the Development environment (this is {builder.Environment.EnvironmentName}), because it trusts unsigned Teams activities and fakes Slack. " +
                "Start it with `dotnet run --project bot/HandoffBot -- demo`, which sets Development, or set ASPNETCORE_ENVIRONMENT=Development.");
            return Refused;
        }

        var appId = BotFrameworkSettings.From(builder.Configuration);
        if (!string.IsNullOrWhiteSpace(appId.MicrosoftAppId))
        {
            error.WriteLine($"The demo did not start: {appId.SourceOf(BotFrameworkSettings.AppId) ?? "MicrosoftAppId"} is set. The demo talks to the local Teams playground, " +
                "which signs nothing, and lets you act as anyone, so it runs only without an app id: unset MicrosoftAppId (and Teams__MicrosoftAppId) in this terminal.");
            return Refused;
        }

        var self = SelfUrl(builder.Configuration["Urls"]);
        var folder = Path.GetFullPath(Path.Combine("data", "demo"));
        var dataFile = Path.Combine(folder, "handoffbot.db");
        if (Fresh(dataFile, self, error) is { } busy)
        {
            return busy;
        }

        if (PortTaken(self))
        {
            error.WriteLine($"The demo did not start: {self} is already in use by another process — probably HandoffBot itself, started earlier without `demo`. " +
                "Stop it first (Ctrl+C in its terminal), or run the demo on another port: `dotnet run --project bot/HandoffBot -- demo --urls http://localhost:3979`.");
            return Refused;
        }

        DemoSettings.WriteFiles(folder, Platform);
        builder.Configuration.AddInMemoryCollection(DemoSettings.For(Platform, folder, self, DemoSettings.NewSigningSecret()));
        return null;
    }

    /// <summary>Where browsers and the playground reach the bot: the first of Urls, with a wildcard host read as localhost.</summary>
    public static Uri SelfUrl(string? urls)
    {
        var first = (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "http://localhost:3978";
        var text = first.Replace("://*", "://localhost", StringComparison.Ordinal).Replace("://+", "://localhost", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal).Replace("://[::]", "://localhost", StringComparison.Ordinal);
        return Uri.TryCreate(text.TrimEnd('/') + "/", UriKind.Absolute, out var uri) ? uri : new Uri("http://localhost:3978/");
    }

    /// <summary>
    /// Takes the demo data file's lock for a moment: refused, a demo is running (said so, with where to find
    /// it); taken, the previous run's files are removed so the trial starts from nothing, and the lock is
    /// let go for the bot to take.
    /// </summary>
    private static int? Fresh(string dataFile, Uri self, TextWriter error)
    {
        DataFileLock held;
        try
        {
            held = DataFileLock.Acquire(dataFile, TimeProvider.System);
        }
        catch (DataFileInUseException ex)
        {
            var holder = DataFileLock.ReadHolder(dataFile);
            var where = holder?.Urls.FirstOrDefault() is { } url ? $" on {url}" : "";
            error.WriteLine($"The demo did not start: a HandoffBot demo is already running{where}{(holder is null ? "" : $" (pid {holder.Pid})")}. " +
                $"Use that one — Teams: the playground URL it printed; Slack: {self}demo/slack — or stop it with Ctrl+C in its terminal and start again.");
            return ex.ExitCode;
        }
        catch (StorageUnavailableException ex)
        {
            error.WriteLine("The demo did not start. " + ex.Message);
            return ex.ExitCode;
        }

        using (held)
        {
            var lockFile = DataFileLock.LockPathFor(Path.GetFullPath(dataFile));
            foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(lockFile)!))
            {
                if (!string.Equals(file, lockFile, StringComparison.Ordinal) && !file.EndsWith(".lock.json", StringComparison.Ordinal))
                {
                    File.Delete(file);
                }
            }
        }

        return null;
    }

    private static bool PortTaken(Uri self)
    {
        if (!self.IsLoopback && self.Host != "localhost")
        {
            return false; // another interface: Kestrel says so itself if it is taken
        }

        try
        {
            using var probe = new TcpListener(IPAddress.Loopback, self.Port);
            probe.Start();
            probe.Stop();
            return false;
        }
        catch (SocketException)
        {
            return true;
        }
    }
}
