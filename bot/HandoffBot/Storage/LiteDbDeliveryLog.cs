using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>
/// The outbound idempotency log in the "deliveries" collection, keyed by message key:
/// <c>{state: Sending|Sent, since, tries, platform, conversation, messageId}</c>. <c>since</c> of a
/// reservation is its first attempt's time, kept across attempts (the look-up for an earlier send starts there).
/// </summary>
public sealed partial class LiteDbDeliveryLog(LiteDbContext db, ILogger<LiteDbDeliveryLog> logger) : IDeliveryLog
{
    private ILiteCollection<BsonDocument> Deliveries => db.Collection("deliveries");

    public Task<DeliveryRecord?> FindAsync(string key, CancellationToken ct = default) =>
        Task.FromResult(Deliveries.FindById(key) is { } doc ? Record(doc) : null);

    public Task<DeliveryClaim> BeginAsync(string key, DateTimeOffset now, CancellationToken ct = default)
    {
        var claim = db.Write(() =>
        {
            var doc = Deliveries.FindById(key);
            if (doc is null)
            {
                Deliveries.Insert(new BsonDocument { ["_id"] = key, ["state"] = nameof(DeliveryState.Sending), ["since"] = now.ToUnixTimeMilliseconds(), ["tries"] = 1 });
                return new DeliveryClaim(DeliveryOutcome.New);
            }

            if (doc["state"].AsString == nameof(DeliveryState.Sent))
            {
                return new DeliveryClaim(DeliveryOutcome.AlreadySent, Message(doc));
            }

            doc["tries"] = (doc.TryGetValue("tries", out var tries) && tries.IsNumber ? tries.AsInt32 : 1) + 1;
            Deliveries.Update(doc);
            return new DeliveryClaim(DeliveryOutcome.InDoubt, Since: DateTimeOffset.FromUnixTimeMilliseconds(doc["since"].AsInt64));
        });
        if (claim.Outcome == DeliveryOutcome.InDoubt)
        {
            LogInDoubt(logger, key.Split(['/', ':'], 2)[0], claim.Since!.Value);
        }

        return Task.FromResult(claim);
    }

    public Task SentAsync(string key, MessageRef message, DateTimeOffset now, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        db.Write(() => Deliveries.Upsert(new BsonDocument
        {
            ["_id"] = key,
            ["state"] = nameof(DeliveryState.Sent),
            ["since"] = now.ToUnixTimeMilliseconds(),
            ["platform"] = message.Platform.ToString(),
            ["conversation"] = message.Conversation,
            ["messageId"] = message.MessageId,
        }));
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string key, CancellationToken ct = default)
    {
        db.Write(() =>
        {
            var doc = Deliveries.FindById(key);
            return doc is not null && doc["state"].AsString == nameof(DeliveryState.Sending) && Deliveries.Delete(key);
        });
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<DeliveryRecord>> ListAsync(DeliveryState? state, int limit, CancellationToken ct = default)
    {
        var query = Deliveries.Query();
        if (state is { } s)
        {
            query = query.Where(Query.EQ("state", s.ToString()));
        }

        IReadOnlyList<DeliveryRecord> list = [.. query.Limit(Math.Clamp(limit, 1, 10_000)).ToList().Select(Record)];
        return Task.FromResult(list);
    }

    private static DeliveryRecord Record(BsonDocument d) => new(
        d["_id"].AsString,
        Enum.Parse<DeliveryState>(d["state"].AsString),
        DateTimeOffset.FromUnixTimeMilliseconds(d["since"].AsInt64),
        Message(d));

    private static MessageRef? Message(BsonDocument doc) =>
        doc.TryGetValue("messageId", out var id) && id.IsString
            ? new MessageRef(Enum.Parse<ChatPlatform>(doc["platform"].AsString), doc["conversation"].AsString, id.AsString)
            : null;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "An outbound message of {HandoffId} is in doubt: an attempt since {Since:u} was cut off mid-send. Slack is asked whether it arrived before it is sent again; Teams follows Scheduler__ResendInDoubt (docs/timing.md)")]
    private static partial void LogInDoubt(ILogger logger, string handoffId, DateTimeOffset since);
}
