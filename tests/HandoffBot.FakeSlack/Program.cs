namespace HandoffBot.FakeSlack;

/// <summary>Standalone: <c>dotnet run --project tests/HandoffBot.FakeSlack -- [port] [token]</c>.</summary>
internal static class FakeSlackMain
{
    public static async Task Main(string[] args)
    {
        var port = args.Length > 0 && int.TryParse(args[0], out var p) ? p : 3899;
        await using var slack = new FakeSlackServer { Token = args.Length > 1 ? args[1] : null };
        slack.AddUser("U0CASEY", "casey.csm@example.com", "Casey Lin");
        await slack.StartAsync(port);
        Console.WriteLine($"Fake Slack Web API listening on {slack.BaseUrl}");
        var stop = new TaskCompletionSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            stop.TrySetResult();
        };
        AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
        await stop.Task;
    }
}
