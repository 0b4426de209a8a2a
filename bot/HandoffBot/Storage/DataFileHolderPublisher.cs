using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace HandoffBot.Storage;

/// <summary>Once the bot listens, its addresses go into the data file's holder description, where `backup` finds it.</summary>
public sealed class DataFileHolderPublisher(LiteDbContext db, IServer server, IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            if (server.Features.Get<IServerAddressesFeature>()?.Addresses is { Count: > 0 } addresses)
            {
                db.FileLock.PublishUrls(addresses);
            }
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
