namespace HandoffBot.FakeGong;

/// <summary>
/// Standalone: <c>dotnet run --project tests/HandoffBot.FakeGong -- [port] [accessKey] [secret]</c>, with the
/// sample call 7782342274025937895. Point the bot at it with Gong__ApiBaseUrl=http://127.0.0.1:3898/,
/// Gong__AccessKey and Gong__AccessKeySecret set to the same key and secret.
/// </summary>
internal static class FakeGongMain
{
    public static async Task Main(string[] args)
    {
        var port = args.Length > 0 && int.TryParse(args[0], out var p) ? p : 3898;
        await using var gong = new FakeGongServer
        {
            AccessKey = args.Length > 1 ? args[1] : "local-gong-key",
            AccessKeySecret = args.Length > 2 ? args[2] : "local-gong-secret",
        };
        gong.AddCall(FakeGongServer.SampleCall());
        await gong.StartAsync(port);
        Console.WriteLine($"Fake Gong API listening on {gong.BaseUrl} (access key {gong.AccessKey}; sample call 7782342274025937895)");
        await gong.WaitForShutdownAsync(); // Ctrl+C or SIGTERM
    }
}
