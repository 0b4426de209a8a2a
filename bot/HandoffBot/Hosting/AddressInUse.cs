using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace HandoffBot.Hosting;

public static class AddressInUse
{
    /// <summary>Exit code: the address the bot should listen on is taken by another process.</summary>
    public const int ExitCode = 7;

    /// <summary>
    /// Runs the bot; when its address is already taken (another HandoffBot, often one started earlier in
    /// another terminal), says so in one paragraph instead of a stack trace, and returns <see cref="ExitCode"/>.
    /// The port is tried before the host starts (the host would log the failure with its stack trace);
    /// one taken in between is still caught.
    /// </summary>
    public static async Task<int> RunOrExplainAsync(this WebApplication app, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(error);
        // Only Kestrel listens on the configured URLs; another server (the test host's in-memory one) must not
        // be stopped because some other process happens to hold the port then.
        var listens = app.Services.GetService<IServer>()?.GetType().Assembly == typeof(KestrelServer).Assembly;
        if (listens && Taken(app.Configuration["urls"]) is { } taken)
        {
            await error.WriteLineAsync(Explain($"{taken} is already in use"));
            return ExitCode;
        }

        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            await error.WriteLineAsync(Explain(ex.Message.TrimEnd('.')));
            return ExitCode;
        }
    }

    private static string Explain(string what) =>
        $"HandoffBot did not start: {what}. Another process listens there — often a HandoffBot started earlier in another terminal: " +
        "stop it first (Ctrl+C there), or give this one another address, e.g. `--urls http://localhost:3979` (or Urls=…).";

    /// <summary>The first of the URLs whose port on this machine another process holds; null when all are free (or not ours to try).</summary>
    private static string? Taken(string? urls)
    {
        foreach (var url in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var text = url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal);
            if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Port <= 0)
            {
                continue;
            }

            var address = uri.Host == "localhost" ? IPAddress.Loopback : IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) ? ip : null;
            if (address is null)
            {
                continue; // a host name: Kestrel resolves it and says so itself
            }

            try
            {
                using var probe = new TcpListener(address, uri.Port);
                probe.Start();
                probe.Stop();
            }
            catch (SocketException ex) when (ex.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                return url;
            }
            catch (SocketException)
            {
                // not ours to judge (e.g. an address this machine does not have): Kestrel says so
            }
        }

        return null;
    }
}
