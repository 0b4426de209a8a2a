using Microsoft.AspNetCore.Connections;

namespace HandoffBot.Hosting;

public static class AddressInUse
{
    /// <summary>Exit code: the address the bot should listen on is taken by another process.</summary>
    public const int ExitCode = 7;

    /// <summary>
    /// Runs the bot; when its address is already taken (another HandoffBot, often one started earlier in
    /// another terminal), says so in one paragraph instead of a stack trace, and returns <see cref="ExitCode"/>.
    /// </summary>
    public static async Task<int> RunOrExplainAsync(this WebApplication app, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(app);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            await app.RunAsync();
            return 0;
        }
        catch (IOException ex) when (ex.InnerException is AddressInUseException)
        {
            await error.WriteLineAsync($"HandoffBot did not start: {ex.Message.TrimEnd('.')}. Another process listens there — often a HandoffBot started earlier in another terminal: " +
                "stop it first (Ctrl+C there), or give this one another address, e.g. `--urls http://localhost:3979` (or Urls=…).");
            return ExitCode;
        }
    }
}
