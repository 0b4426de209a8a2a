using System.Net.Http.Headers;
using System.Text;
using HandoffBot.Core.Notifications;
using HandoffBot.Intake;
using HandoffBot.Scheduling;
using HandoffBot.Security;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Support;

/// <summary>
/// The real bot in-process: a fresh LiteDB file per instance, a <see cref="FakeTimeProvider"/>,
/// known secrets, and the job runner switched off so tests run due jobs themselves
/// (<see cref="RunJobsAsync"/>) instead of racing a background loop.
/// Two instances on the same <see cref="DbPath"/> are "the bot restarted".
/// </summary>
public class HandoffBotApp : WebApplicationFactory<Program>
{
    public const string IntakeSecret = "test-intake-secret";
    public const string AdminKey = "test-admin-key";

    private readonly Dictionary<string, string?> settings;

    public HandoffBotApp(string? dbPath = null, FakeTimeProvider? time = null, IDictionary<string, string?>? settings = null)
    {
        DbPath = dbPath ?? Path.Combine(Path.GetTempPath(), "handoffbot-tests", Guid.NewGuid().ToString("N"), "handoffbot.db");
        Time = time ?? new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero));
        this.settings = new Dictionary<string, string?>
        {
            ["Storage:Path"] = DbPath,
            ["Intake:SigningSecret"] = IntakeSecret,
            ["Admin:ApiKey"] = AdminKey,
            ["Scheduler:Enabled"] = "false",
            ["People:SeedPath"] = TestDefaults.PeoplePath,
            ["Playbook:Path"] = TestDefaults.PlaybookPath,
            ["Crm:MappingPath"] = TestDefaults.CrmMappingPath,

            // Tests that use a recording notifier for Teams keep the real adapter out; Teams tests switch it on.
            ["Teams:Enabled"] = "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            this.settings[key] = value;
        }
    }

    public string DbPath { get; }

    public FakeTimeProvider Time { get; }

    /// <summary>The host environment (Development, Production…); "Testing" unless a test needs another.</summary>
    public string Environment { get; init; } = "Testing";

    /// <summary>Extra service registrations (fakes of ports) applied after the app's own.</summary>
    public Action<IServiceCollection>? ConfigureTestServices { get; init; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.UseEnvironment(Environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Time);
            var appNotifiers = services.Where(d => d.ServiceType == typeof(IChatNotifier)).ToList();
            ConfigureTestServices?.Invoke(services);
            if (services.Count(d => d.ServiceType == typeof(IChatNotifier)) > appNotifiers.Count)
            {
                // The test brings its own platforms (recording fakes): they replace the real adapters.
                foreach (var descriptor in appNotifiers)
                {
                    services.Remove(descriptor);
                }
            }
        });
    }

    public T Get<T>()
        where T : notnull => Services.GetRequiredService<T>();

    /// <summary>Runs every job due at the fake "now" (and the ones they cause) to completion.</summary>
    public Task<int> RunJobsAsync() => Get<JobRunner>().DrainAsync();

    public HttpClient AdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
        return client;
    }

    /// <summary>A deal intake request signed exactly as the README tells CRMs to sign it.</summary>
    public HttpRequestMessage SignedDeal(string json, DateTimeOffset? at = null, string? secret = IntakeSecret)
    {
        var body = Encoding.UTF8.GetBytes(json);
        var timestamp = (at ?? Time.GetUtcNow()).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/deals") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(DealIntakeEndpoint.TimestampHeader, timestamp);
        if (secret is not null)
        {
            request.Headers.Add(DealIntakeEndpoint.SignatureHeader, RequestSignature.Compute(secret, "v1", timestamp, body));
        }

        return request;
    }

    public async Task<HttpResponseMessage> PostDealAsync(string json)
    {
        using var client = CreateClient();
        using var request = SignedDeal(json);
        return await client.SendAsync(request);
    }
}
