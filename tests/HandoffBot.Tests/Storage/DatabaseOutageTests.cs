using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using HandoffBot.Tests.Storage.Contract;
using HandoffBot.Tests.Support;
using Npgsql;

namespace HandoffBot.Tests.Storage;

/// <summary>
/// The database goes away under a running bot (a TCP proxy between them is cut: connections dropped,
/// new ones refused) and comes back: requests meanwhile get 503 with Retry-After and a problem body,
/// never a 500, and nothing half-written; once it is back the same request succeeds.
/// </summary>
public sealed class DatabaseOutageTests : IDisposable, IPostgresBackend
{
    private readonly PostgresSchema schema = new();
    private readonly CuttableProxy proxy;
    private readonly HandoffBotApp app;

    public DatabaseOutageTests()
    {
        var server = new NpgsqlConnectionStringBuilder(schema.ConnectionString);
        proxy = new CuttableProxy(server.Host!, server.Port);
        var throughProxy = new NpgsqlConnectionStringBuilder(schema.ConnectionString) { Host = "127.0.0.1", Port = proxy.Port, Timeout = 3 };
        app = new HandoffBotApp(settings: new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = throughProxy.ConnectionString,
        });
    }

    public void Dispose()
    {
        app.Dispose();
        proxy.Dispose();
        schema.Dispose();
    }

    [BackendFact]
    public async Task DatabaseAway_RequestsGet503WithRetryAfter_NothingHalfWritten_BackAgainTheRetrySucceeds()
    {
        (await app.PostDealAsync(Deals.Minimal("CRM-OUT-1").ToJsonString())).EnsureSuccessStatusCode();

        proxy.Cut();
        using var refused = await app.PostDealAsync(Deals.Minimal("CRM-OUT-2").ToJsonString());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromSeconds(5), refused.Headers.RetryAfter?.Delta);
        var problem = JsonNode.Parse(await refused.Content.ReadAsStringAsync())!;
        Assert.Equal("Storage unavailable", problem["title"]!.GetValue<string>());
        Assert.DoesNotContain("127.0.0.1", problem.ToJsonString(), StringComparison.Ordinal);

        using var admin = app.AdminClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await admin.GetAsync("/api/handoffs")).StatusCode);

        proxy.Restore();
        using var retried = await app.PostDealAsync(Deals.Minimal("CRM-OUT-2").ToJsonString());
        retried.EnsureSuccessStatusCode();
        var stored = await admin.GetFromJsonAsync<JsonArray>("/api/handoffs");
        Assert.Equal(["CRM-OUT-1", "CRM-OUT-2"], stored!.Select(h => h!["crmId"]?.GetValue<string>() ?? h!["deal"]!["crmId"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        Assert.Equal(2L, schema.Scalar<long>("SELECT count(*) FROM handoffs"));
    }

    /// <summary>A loopback TCP forwarder that can drop every connection and refuse new ones, then accept again.</summary>
    private sealed class CuttableProxy : IDisposable
    {
        private readonly string host;
        private readonly int target;
        private readonly List<TcpClient> open = [];
        private TcpListener listener;
        private CancellationTokenSource running = new();

        public CuttableProxy(string host, int target)
        {
            this.host = host;
            this.target = target;
            listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            Port = ((IPEndPoint)listener.LocalEndpoint).Port;
            _ = AcceptAsync(listener, running.Token);
        }

        public int Port { get; }

        public void Cut()
        {
            running.Cancel();
            listener.Stop();
            lock (open)
            {
                open.ForEach(c => c.Dispose());
                open.Clear();
            }
        }

        public void Restore()
        {
            running.Dispose();
            running = new CancellationTokenSource();
            listener = new TcpListener(IPAddress.Loopback, Port);
            listener.Start();
            _ = AcceptAsync(listener, running.Token);
        }

        public void Dispose()
        {
            Cut();
            running.Dispose();
        }

        private async Task AcceptAsync(TcpListener on, CancellationToken ct)
        {
            try
            {
                while (!ct.IsCancellationRequested)
                {
                    var client = await on.AcceptTcpClientAsync(ct);
                    var server = new TcpClient();
                    await server.ConnectAsync(host, target, ct);
                    lock (open)
                    {
                        open.Add(client);
                        open.Add(server);
                    }

                    _ = PumpAsync(client, server, ct);
                    _ = PumpAsync(server, client, ct);
                }
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                // cut
            }
        }

        private static async Task PumpAsync(TcpClient from, TcpClient to, CancellationToken ct)
        {
            try
            {
                await from.GetStream().CopyToAsync(to.GetStream(), ct);
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SocketException or ObjectDisposedException or InvalidOperationException)
            {
                // cut
            }
            finally
            {
                from.Dispose();
                to.Dispose();
            }
        }
    }
}
