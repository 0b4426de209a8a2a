using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Newtonsoft.Json.Linq;

namespace HandoffBot.Tests.Teams;

/// <summary>
/// A Bot Connector on loopback (real Kestrel, real HTTP): answers the REST calls the SDK makes
/// (send, reply, update, create conversation, member lookup, team channels) the way Teams does,
/// records each call, and can be told to fail the next calls (429 with Retry-After, 5xx) or to
/// refuse opening chats with some people.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<int> failures = new();
    private readonly ConcurrentDictionary<TaskCompletionSource<Call>, Func<Call, bool>> waiters = new();
    private int next;

    private FakeBotConnector(WebApplication app) => this.app = app;

    public string Url { get; private set; } = "";

    public ConcurrentQueue<Call> Calls { get; } = new();

    /// <summary>Teams members by user id (29:…): what GetMember answers.</summary>
    public ConcurrentDictionary<string, Member> Members { get; } = new();

    /// <summary>Team id → its channels (id, name).</summary>
    public ConcurrentDictionary<string, (string Id, string Name)[]> Channels { get; } = new();

    /// <summary>Member ids for whom "create conversation" answers 403 (the bot is not installed for them).</summary>
    public ConcurrentDictionary<string, bool> RefuseChatWith { get; } = new();

    public int Requests;

    public static async Task<FakeBotConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotConnector(app);
        app.Use(async (http, nextStep) =>
        {
            Interlocked.Increment(ref fake.Requests);
            if (fake.failures.TryDequeue(out var status))
            {
                http.Response.StatusCode = status;
                if (status == 429)
                {
                    http.Response.Headers.RetryAfter = "0";
                }

                await http.Response.WriteAsync("""{"error":{"code":"Throttled","message":"try later"}}""");
                return;
            }

            await nextStep(http);
        });
        app.MapPost("/v3/conversations/{conversation}/activities", (string conversation, HttpRequest r) => fake.RecordAsync("send", conversation, null, r));
        app.MapPost("/v3/conversations/{conversation}/activities/{replyTo}", (string conversation, string replyTo, HttpRequest r) => fake.RecordAsync("reply", conversation, replyTo, r));
        app.MapPut("/v3/conversations/{conversation}/activities/{id}", (string conversation, string id, HttpRequest r) => fake.RecordAsync("update", conversation, id, r));
        app.MapPost("/v3/conversations", fake.CreateAsync);
        app.MapGet("/v3/conversations/{conversation}/members/{member}", (string conversation, string member) =>
            fake.Members.TryGetValue(member, out var m)
                ? Results.Text(new JObject { ["id"] = m.Id, ["name"] = m.Name, ["aadObjectId"] = m.AadObjectId, ["email"] = m.Email, ["userPrincipalName"] = m.Email }.ToString(), "application/json")
                : Results.Text("""{"error":{"code":"MemberNotFoundInConversation","message":"not found"}}""", "application/json", statusCode: 404));
        app.MapGet("/v3/teams/{team}/conversations", (string team) =>
            Results.Text(new JObject
            {
                ["conversations"] = new JArray(fake.Channels.GetValueOrDefault(team, []).Select(c => new JObject { ["id"] = c.Id, ["name"] = c.Name })),
            }.ToString(), "application/json"));
        await app.StartAsync();
        fake.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/";
        return fake;
    }

    /// <summary>The next <paramref name="count"/> calls of any kind answer <paramref name="status"/>.</summary>
    public void FailNext(int count, HttpStatusCode status)
    {
        for (var i = 0; i < count; i++)
        {
            failures.Enqueue((int)status);
        }
    }

    /// <summary>
    /// The first call (already recorded or still to come) that matches; for a bot in another process,
    /// whose background jobs send when they send. Throws after <paramref name="timeout"/> with what did arrive.
    /// </summary>
    public async Task<Call> WaitForAsync(Func<Call, bool> match, TimeSpan timeout)
    {
        var waiter = new TaskCompletionSource<Call>(TaskCreationOptions.RunContinuationsAsynchronously);
        waiters[waiter] = match;
        try
        {
            if (Calls.FirstOrDefault(match) is { } already)
            {
                return already;
            }

            using var cancel = new CancellationTokenSource(timeout);
            await using var registration = cancel.Token.Register(() => waiter.TrySetException(new TimeoutException(
                $"No matching call within {timeout}; calls: {string.Join(", ", Calls.Select(c => c.Kind + " " + c.Conversation))}")));
            return await waiter.Task;
        }
        finally
        {
            waiters.TryRemove(waiter, out _);
        }
    }

    public IReadOnlyList<Call> Of(string kind) => [.. Calls.Where(c => c.Kind == kind)];

    /// <summary>Messages that reached a conversation (sends and replies), with their Adaptive Card if any.</summary>
    public IReadOnlyList<Call> MessagesTo(string conversation) =>
        [.. Calls.Where(c => c.Kind is "send" or "reply" && c.Conversation.StartsWith(conversation, StringComparison.Ordinal))];

    private void Record(Call call)
    {
        Calls.Enqueue(call);
        foreach (var (waiter, match) in waiters)
        {
            if (match(call))
            {
                waiter.TrySetResult(call);
            }
        }
    }

    private async Task<IResult> RecordAsync(string kind, string conversation, string? id, HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = JObject.Parse(await reader.ReadToEndAsync());
        var messageId = kind == "update" ? id! : $"msg-{Interlocked.Increment(ref next)}";
        Record(new Call(kind, Uri.UnescapeDataString(conversation), messageId, body, request.Headers.Authorization.ToString()));
        return Results.Text(new JObject { ["id"] = messageId }.ToString(), "application/json");
    }

    private async Task<IResult> CreateAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = JObject.Parse(await reader.ReadToEndAsync());
        var member = (string?)body["members"]?[0]?["id"] ?? "";
        if (RefuseChatWith.ContainsKey(member))
        {
            return Results.Text("""{"error":{"code":"Forbidden","message":"bot not installed"}}""", "application/json", statusCode: 403);
        }

        var id = $"a:created-{Interlocked.Increment(ref next)}";
        Record(new Call("create", id, "", body, request.Headers.Authorization.ToString()));
        return Results.Text(new JObject { ["id"] = id }.ToString(), "application/json");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    public sealed record Call(string Kind, string Conversation, string MessageId, JObject Body, string Authorization)
    {
        /// <summary>The Adaptive Card the message carries, or null.</summary>
        public JObject? Card => Body["attachments"]?.FirstOrDefault(a => (string?)a["contentType"] == "application/vnd.microsoft.card.adaptive")?["content"] as JObject;

        /// <summary>Everything a person would read: text, summary and every string in the card.</summary>
        public string Readable => string.Join('\n', new[] { (string?)Body["text"], (string?)Body["summary"] }.Concat(Card?.Descendants().OfType<JValue>().Select(v => v.Value as string) ?? []).OfType<string>());
    }

    public sealed record Member(string Id, string Name, string Email, string AadObjectId);
}
