using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace HandoffBot.Tests.Brief;

/// <summary>
/// An OpenAI-compatible chat completions endpoint on loopback (real HTTP, real Kestrel): records each
/// request and answers with whatever the test set — a completion, an HTTP error, or nothing at all.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private FakeOpenAiServer(WebApplication app) => this.app = app;

    /// <summary>Base URL to configure as Ai:Endpoint.</summary>
    public string Endpoint => app.Urls.First().TrimEnd('/') + "/v1/";

    public ConcurrentQueue<JsonObject> Requests { get; } = new();

    /// <summary>Completes when a request has arrived (for the hang mode).</summary>
    public TaskCompletionSource RequestSeen { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The assistant message content to answer with.</summary>
    public string? Content { get; set; }

    public int Status { get; set; } = 200;

    /// <summary>Never answer (until the client gives up).</summary>
    public bool Hang { get; set; }

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var server = new FakeOpenAiServer(builder.Build());
        server.app.MapPost("/v1/chat/completions", server.HandleAsync);
        await server.app.StartAsync();
        return server;
    }

    /// <summary>The user message of the last request: what was sent about the deal.</summary>
    public string LastUserMessage() =>
        Requests.Last()["messages"]!.AsArray().Last(m => m!["role"]!.GetValue<string>() == "user")!["content"]!.ToString();

    public static string Answer(object document) => JsonSerializer.Serialize(document);

    private async Task HandleAsync(HttpContext http)
    {
        var body = await JsonNode.ParseAsync(http.Request.Body);
        Requests.Enqueue(body!.AsObject());
        RequestSeen.TrySetResult();
        if (Hang)
        {
            await Task.Delay(Timeout.Infinite, http.RequestAborted).ContinueWith(_ => { }, TaskScheduler.Default);
            return;
        }

        if (Status != 200)
        {
            http.Response.StatusCode = Status;
            await http.Response.WriteAsJsonAsync(new { error = new { message = "upstream exploded", type = "server_error" } });
            return;
        }

        await http.Response.WriteAsJsonAsync(new
        {
            id = "chatcmpl-test",
            @object = "chat.completion",
            created = 1_764_000_000,
            model = body["model"]?.GetValue<string>() ?? "test-model",
            choices = new[] { new { index = 0, message = new { role = "assistant", content = Content ?? "{}" }, finish_reason = "stop" } },
            usage = new { prompt_tokens = 10, completion_tokens = 10, total_tokens = 20 },
        });
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
