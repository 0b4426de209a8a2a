using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Options;
using LiteDB;
using Microsoft.Extensions.Options;

namespace HandoffBot.Storage;

/// <summary>The outbound idempotency log in the "deliveries" collection, keyed by message key.</summary>
public sealed partial class LiteDbDeliveryLog(LiteDbContext db, IOptions<SchedulerOptions> options, ILogger<LiteDbDeliveryLog> logger) : IDeliveryLog
{
    private ILiteCollection<BsonDocument> Deliveries => db.Collection("deliveries");

    public Task<DeliveryClaim> BeginAsync(string key, DateTimeOffset now, CancellationToken ct = default)
    {
        var claim = db.Write(() =>
        {
            var doc = Deliveries.FindById(key);
            if (doc is null)
            {
                Deliveries.Insert(new BsonDocument { ["_id"] = key, ["state"] = nameof(DeliveryState.Sending), ["since"] = now.ToUnixTimeMilliseconds() });
                return new DeliveryClaim(DeliveryOutcome.New);
            }

            if (doc["state"].AsString == nameof(DeliveryState.Sent))
            {
                return new DeliveryClaim(DeliveryOutcome.AlreadySent, Message(doc));
            }

            if (options.Value.ResendInDoubt)
            {
                doc["since"] = now.ToUnixTimeMilliseconds();
                Deliveries.Update(doc);
                return new DeliveryClaim(DeliveryOutcome.New);
            }

            return new DeliveryClaim(DeliveryOutcome.InDoubt);
        });
        if (claim.Outcome == DeliveryOutcome.InDoubt)
        {
            LogInDoubt(logger, key);
        }

        return Task.FromResult(claim);
    }

    public Task SentAsync(string key, MessageRef? message, DateTimeOffset now, CancellationToken ct = default)
    {
        db.Write(() => Deliveries.Upsert(new BsonDocument
        {
            ["_id"] = key,
            ["state"] = nameof(DeliveryState.Sent),
            ["since"] = now.ToUnixTimeMilliseconds(),
            ["platform"] = message is null ? BsonValue.Null : message.Platform.ToString(),
            ["conversation"] = message is null ? BsonValue.Null : message.Conversation,
            ["messageId"] = message is null ? BsonValue.Null : message.MessageId,
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

        IReadOnlyList<DeliveryRecord> list = [.. query.Limit(Math.Clamp(limit, 1, 10_000)).ToList().Select(d => new DeliveryRecord(
            d["_id"].AsString,
            Enum.Parse<DeliveryState>(d["state"].AsString),
            DateTimeOffset.FromUnixTimeMilliseconds(d["since"].AsInt64),
            Message(d)))];
        return Task.FromResult(list);
    }

    private static MessageRef? Message(BsonDocument doc) =>
        doc.TryGetValue("messageId", out var id) && id.IsString
            ? new MessageRef(Enum.Parse<ChatPlatform>(doc["platform"].AsString), doc["conversation"].AsString, id.AsString)
            : null;

    [LoggerMessage(EventId = 3101, Level = LogLevel.Warning, Message = "Outbound message {Key} is in doubt: an earlier attempt was cut off mid-send. It is not sent again (Scheduler__ResendInDoubt=false); see GET /api/deliveries?state=sending")]
    private static partial void LogInDoubt(ILogger logger, string key);
}
