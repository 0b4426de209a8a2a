using HandoffBot.Core.Handoffs;
using HandoffBot.Core.People;
using HandoffBot.Demo.Slack;
using HandoffBot.Options;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using YamlDotNet.RepresentationModel;

namespace HandoffBot.Demo;

/// <summary>
/// Brings the demo up once the bot listens: links the demo people to the playground's Teams accounts
/// (so messages to the CSM or the leader reach the playground too), starts the playground (Teams) or
/// takes the sample deal in (Slack), and says in one line what to open. Stops the playground with the bot.
/// </summary>
public sealed partial class DemoStartup(
    DemoGate gate,
    IPeopleDirectory directory,
    DemoSampleDeal sample,
    DemoSlackWorkspace slack,
    IServer server,
    IOptions<StorageOptions> storage,
    IHostApplicationLifetime lifetime,
    ILogger<DemoStartup> logger) : IHostedService, IAsyncDisposable
{
    private PlaygroundProcess? playground;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!gate.IsOn)
        {
            return;
        }

        await LinkTeamsAccountsAsync(cancellationToken);
        await slack.AddPeopleAsync(cancellationToken);
        lifetime.ApplicationStarted.Register(() => _ = Task.Run(() => StartedAsync(lifetime.ApplicationStopping)));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (playground is not null)
        {
            await playground.DisposeAsync();
            playground = null;
        }
    }

    public ValueTask DisposeAsync() => playground?.DisposeAsync() ?? ValueTask.CompletedTask;

    private async Task StartedAsync(CancellationToken ct)
    {
        try
        {
            var self = Self();
            var slackPage = new Uri(self, "demo/slack");
            if (gate.Options.Platform == ChatPlatform.Slack)
            {
                await sample.SendOnceAsync(ct);
                LogSlackReady(logger, slackPage);
                return;
            }

            var folder = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(storage.Value.Path))!, "playground");
            if (!gate.Options.StartPlayground)
            {
                LogStartItYourself(logger, PlaygroundProcess.CommandLine(gate.Options.PlaygroundPackage, self, gate.Options.PlaygroundPort, Path.Combine(folder, ".m365agentsplayground.yml")));
                return;
            }

            LogStarting(logger);
            playground = new PlaygroundProcess(logger);
            if (!playground.Start(gate.Options.PlaygroundPackage, self, gate.Options.PlaygroundPort, folder))
            {
                return;
            }

            var port = await playground.Listening.WaitAsync(TimeSpan.FromMinutes(3), ct);
            LogTeamsReady(logger, new Uri($"http://localhost:{port}/"));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            // stopping, or the playground never said where it listens (its own failure was logged)
        }
    }

    private Uri Self()
    {
        var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://localhost:3978";
        return DemoMode.SelfUrl(address);
    }

    /// <summary>Each demo person gets the Teams account of the same email in the playground's tenant (manifest/teams/playground.yml).</summary>
    private async Task LinkTeamsAccountsAsync(CancellationToken ct)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(DemoSettings.Resource("playground.yml")));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        string? S(YamlNode node, string key) => node is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode(key), out var v) ? (v as YamlScalarNode)?.Value : null;
        var tenant = S(root, "tenantId");
        var accounts = new List<YamlNode> { root.Children[new YamlScalarNode("currentUser")] };
        if (root.Children.TryGetValue(new YamlScalarNode("users"), out var users) && users is YamlSequenceNode list)
        {
            accounts.AddRange(list.Children);
        }

        foreach (var account in accounts)
        {
            if (S(account, "email") is { } email && S(account, "id") is { } id && await directory.FindAsync(email, ct) is { } person && person.Teams?.UserId != id)
            {
                await directory.UpsertAsync(person with { Teams = new TeamsIdentity(id, S(account, "aadObjectId"), tenant) }, ct);
            }
        }
    }

    [LoggerMessage(EventId = 9120, Level = LogLevel.Information, Message = "Demo: starting the Teams playground (the first time npx downloads it, a few seconds)…")]
    private static partial void LogStarting(ILogger logger);

    [LoggerMessage(EventId = 9121, Level = LogLevel.Information, Message = "Demo ready — open {Playground} in your browser. You are Avery Brooks, the AE: a welcome, then the sample deal's context form. To play the CSM or the sales leader use the 'Act as …' buttons (or type `act as casey`, `act as riley`). Stop: Ctrl+C. The same on a local Slack page: `dotnet run --project bot/HandoffBot -- demo slack`")]
    private static partial void LogTeamsReady(ILogger logger, Uri playground);

    [LoggerMessage(EventId = 9122, Level = LogLevel.Information, Message = "Demo ready — open {SlackPage} in your browser: a Slack workspace on this machine, no Slack app needed. You are Avery Brooks, the AE: the sample deal's DM is waiting. Switch person (CSM, sales leader) at the top of the page. Stop: Ctrl+C")]
    private static partial void LogSlackReady(ILogger logger, Uri slackPage);

    [LoggerMessage(EventId = 9123, Level = LogLevel.Information, Message = "Demo ready (Demo__StartPlayground=false): start the Teams playground yourself: {Command}")]
    private static partial void LogStartItYourself(ILogger logger, string command);
}
