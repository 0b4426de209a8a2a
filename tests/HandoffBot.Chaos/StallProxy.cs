using System.Net;
using System.Net.Sockets;

namespace HandoffBot.Chaos;

/// <summary>
/// A TCP proxy between the bot and the fake Slack that can stall like a black-holed network: while
/// stalled it still accepts connections but moves no byte either way; what the bot sent meanwhile
/// stays in the socket buffers and reaches Slack when the proxy resumes (as retransmitted packets
/// would), even if the bot has given up on that connection.
/// </summary>
internal sealed class StallProxy : IAsyncDisposable
{
    private readonly TcpListener listener = new(IPAddress.Loopback, 0);
    private readonly int upstreamPort;
    private readonly CancellationTokenSource stop = new();
    private readonly Lock gate = new();
    private TaskCompletionSource flowing = Open();
    private Task? accepting;

    public StallProxy(int upstreamPort) => this.upstreamPort = upstreamPort;

    public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

    public void Start()
    {
        listener.Start();
        accepting = AcceptAsync();
    }

    public void Stall()
    {
        lock (gate)
        {
            if (flowing.Task.IsCompleted)
            {
                flowing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Resume()
    {
        lock (gate)
        {
            flowing.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        Resume();
        listener.Stop();
        if (accepting is not null)
        {
            await accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        stop.Dispose();
    }

    private static TaskCompletionSource Open()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }

    private Task Flowing()
    {
        lock (gate)
        {
            return flowing.Task;
        }
    }

    private async Task AcceptAsync()
    {
        while (!stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            _ = RelayAsync(client);
        }
    }

    private async Task RelayAsync(TcpClient client)
    {
        using (client)
        using (var upstream = new TcpClient())
        {
            try
            {
                await Flowing().WaitAsync(stop.Token);
                await upstream.ConnectAsync(IPAddress.Loopback, upstreamPort, stop.Token);
                await Task.WhenAll(PumpAsync(client.Client, upstream.Client), PumpAsync(upstream.Client, client.Client));
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
            {
                // One side went away: the connection ends, as it would on the network.
            }
        }
    }

    private async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                await Flowing().WaitAsync(stop.Token);
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                await Flowing().WaitAsync(stop.Token);
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, stop.Token);
            }
        }
        catch (Exception ex) when (ex is SocketException or ObjectDisposedException)
        {
            try
            {
                to.Shutdown(SocketShutdown.Both);
            }
            catch (Exception inner) when (inner is SocketException or ObjectDisposedException)
            {
                // Already gone.
            }
        }
    }
}
