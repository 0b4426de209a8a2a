namespace HandoffBot.FakeCrm;

/// <summary>
/// Standalone: <c>dotnet run --project tests/HandoffBot.FakeCrm -- [hubspot-port] [salesforce-port] [hubspot-token]</c>.
/// Both fakes start with the sample Acme deal; point HubSpot__ApiBaseUrl and Salesforce__LoginUrl at them.
/// </summary>
internal static class FakeCrmMain
{
    public static async Task Main(string[] args)
    {
        var hubspotPort = args.Length > 0 && int.TryParse(args[0], out var h) ? h : 3901;
        var salesforcePort = args.Length > 1 && int.TryParse(args[1], out var s) ? s : 3902;
        await using var hubspot = new FakeHubSpotServer { Token = args.Length > 2 ? args[2] : null };
        await using var salesforce = new FakeSalesforceServer();
        FakeCrmSamples.Seed(hubspot);
        FakeCrmSamples.Seed(salesforce);
        await hubspot.StartAsync(hubspotPort);
        await salesforce.StartAsync(salesforcePort);
        Console.WriteLine($"Fake HubSpot API listening on {hubspot.BaseUrl}");
        Console.WriteLine($"Fake Salesforce API listening on {salesforce.BaseUrl} (org {salesforce.OrganizationId}, client id {salesforce.ClientId}, secret {salesforce.ClientSecret})");
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
