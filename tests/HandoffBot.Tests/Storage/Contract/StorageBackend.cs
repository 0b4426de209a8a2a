using HandoffBot.Core.Scheduling;
using HandoffBot.Core.Storage;
using HandoffBot.Options;
using HandoffBot.Scheduling;
using HandoffBot.Slack;
using HandoffBot.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Storage.Contract;

/// <summary>
/// The storage ports exactly as the bot composes them (<see cref="StorageServices.AddStorage"/>), for
/// one backend, without the rest of the app. <see cref="Open"/> a second one on the same settings to
/// get "another process" (PostgreSQL) or "the bot restarted" (LiteDB, after disposing the first).
/// </summary>
public sealed class StorageBackend : IDisposable
{
    private readonly ServiceProvider services;
    private readonly IHostedService? inbox;

    private StorageBackend(IDictionary<string, string?> settings, FakeTimeProvider time)
    {
        Settings = settings;
        Time = time;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var collection = new ServiceCollection();
        collection.AddSingleton<IConfiguration>(configuration);
        collection.AddLogging(b => b.SetMinimumLevel(LogLevel.Warning));
        collection.AddSingleton<TimeProvider>(time);
        collection.AddValidatedOptions<SlackOptions>(SlackOptions.Section);
        collection.AddSingleton<JobSignal>();
        collection.AddSingleton<IJobSignal>(sp => sp.GetRequiredService<JobSignal>());
        collection.AddOptions<PlaybookOptions>();
        collection.AddSingleton<HandoffBot.Core.Application.IPlaybookProvider, HandoffBot.Hosting.PlaybookProvider>();
        collection.AddStorage(configuration);
        services = collection.BuildServiceProvider();
        if (services.OpenStorage(Console.Error) is { } refused)
        {
            services.Dispose();
            throw new InvalidOperationException($"The storage did not open (exit code {refused}).");
        }

        inbox = services.GetRequiredService<IJobInbox>() as IHostedService;
        inbox?.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public IDictionary<string, string?> Settings { get; }

    public FakeTimeProvider Time { get; }

    public static StorageBackend Open(IDictionary<string, string?> settings, FakeTimeProvider? time = null) =>
        new(settings, time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero)));

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public T Get<T>(string key)
        where T : notnull => services.GetRequiredKeyedService<T>(key);

    private bool disposed;

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        inbox?.StopAsync(CancellationToken.None).GetAwaiter().GetResult();
        services.Dispose();
    }
}
