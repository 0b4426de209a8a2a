using HandoffBot.Core.Scheduling;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>Durable jobs in LiteDB. Times are stored as Unix milliseconds (LiteDB's DateTime is local-time by default).</summary>
public sealed class LiteDbJobStore(LiteDbContext db) : IJobStore
{
    public Task<int> EnqueueAsync(IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(jobs);
        return Task.FromResult(jobs.Count == 0 ? 0 : db.Write(() => Insert(db, jobs)));
    }

    /// <summary>
    /// Inserts inside the caller's transaction; known idempotency keys are skipped. Jobs that name a
    /// group replace that group's plan (see <see cref="ScheduledJob.Group"/>).
    /// </summary>
    internal static int Insert(LiteDbContext db, IEnumerable<ScheduledJob> jobs)
    {
        var added = 0;
        var list = jobs as IReadOnlyCollection<ScheduledJob> ?? [.. jobs];
        foreach (var plan in list.Where(j => j.Group is not null).GroupBy(j => j.Group!, StringComparer.Ordinal))
        {
            added += Replan(db, plan.Key, [.. plan.Where(j => !j.IsGroupMarker)]);
        }

        foreach (var job in list.Where(j => j.Group is null))
        {
            if (db.Jobs.Exists(Queries.Eq("key", job.IdempotencyKey)))
            {
                continue;
            }

            db.Jobs.Insert(ToDoc(job));
            added++;
        }

        return added;
    }

    private static int Replan(LiteDbContext db, string group, IReadOnlyList<ScheduledJob> wanted)
    {
        var wantedKeys = wanted.Select(j => j.IdempotencyKey).ToHashSet(StringComparer.Ordinal);
        foreach (var doc in db.Jobs.Find(Query.And(Query.EQ("group", group), Query.EQ("status", nameof(JobStatus.Pending)))).ToList())
        {
            if (!wantedKeys.Contains(doc["key"].AsString))
            {
                doc["status"] = nameof(JobStatus.Cancelled);
                db.Jobs.Update(doc);
            }
        }

        var added = 0;
        foreach (var job in wanted)
        {
            var existing = db.Jobs.FindOne(Queries.Eq("key", job.IdempotencyKey));
            if (existing is null)
            {
                db.Jobs.Insert(ToDoc(job));
                added++;
                continue;
            }

            // Still owed (or cancelled by an earlier plan and wanted again): take the new time.
            var status = existing["status"].AsString;
            if (status is nameof(JobStatus.Pending) or nameof(JobStatus.Cancelled))
            {
                var dueMs = job.DueAt.ToUnixTimeMilliseconds();
                var payload = job.Payload is null ? BsonValue.Null : new BsonValue(job.Payload);
                if (status != nameof(JobStatus.Pending) || existing["due"].AsInt64 != dueMs || existing["payload"] != payload)
                {
                    existing["status"] = nameof(JobStatus.Pending);
                    existing["due"] = dueMs;
                    existing["payload"] = payload;
                    db.Jobs.Update(existing);
                }
            }
        }

        return added;
    }

    public Task<IReadOnlyList<ScheduledJob>> ClaimDueAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int max, CancellationToken ct = default)
    {
        var nowMs = now.ToUnixTimeMilliseconds();
        IReadOnlyList<ScheduledJob> claimed = db.Write(() =>
        {
            var due = db.Jobs.Query()
                .Where(Query.Or(
                    Query.And(Query.EQ("status", nameof(JobStatus.Pending)), Query.LTE("due", nowMs)),
                    Query.And(Query.EQ("status", nameof(JobStatus.Running)), Query.LTE("lease", nowMs))))
                .OrderBy("due")
                .Limit(max)
                .ToList();
            var result = new List<ScheduledJob>(due.Count);
            foreach (var doc in due)
            {
                var job = FromDoc(doc) with { Status = JobStatus.Running, LeaseUntil = leaseUntil };
                db.Jobs.Update(ToDoc(job));
                result.Add(job);
            }

            return result;
        });
        return Task.FromResult(claimed);
    }

    public Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, CancellationToken ct = default) => StartAsync(job, leaseUntil, [], ct);

    public Task CompleteAsync(IReadOnlyCollection<FinishedJob> done, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(done);
        if (done.Count > 0)
        {
            db.Write(() => MarkDone(done));
        }

        return Task.CompletedTask;
    }

    public Task<ScheduledJob> StartAsync(ScheduledJob job, DateTimeOffset leaseUntil, IReadOnlyCollection<FinishedJob> done, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(done);
        var started = job with { Attempts = job.Attempts + 1, LeaseUntil = leaseUntil };
        db.Write(() =>
        {
            MarkDone(done);
            var doc = db.Jobs.FindById(job.Id);
            if (doc is not null)
            {
                doc["attempts"] = doc["attempts"].AsInt32 + 1;
                doc["lease"] = leaseUntil.ToUnixTimeMilliseconds();
                db.Jobs.Update(doc);
                started = started with { Attempts = doc["attempts"].AsInt32 };
            }

            return 0;
        });
        return Task.FromResult(started);
    }

    public Task DeferAsync(string jobId, string reason, DateTimeOffset until, CancellationToken ct = default)
    {
        Update(jobId, job => job with
        {
            Status = JobStatus.Pending,
            DueAt = until,
            Attempts = Math.Max(0, job.Attempts - 1),
            Deferrals = job.Deferrals + 1,
            LastError = reason,
            LeaseUntil = null,
        });
        return Task.CompletedTask;
    }

    public Task CompleteAsync(string jobId, DateTimeOffset now, CancellationToken ct = default)
    {
        Update(jobId, job => job with { Status = JobStatus.Done, FinishedAt = now, LeaseUntil = null });
        return Task.CompletedTask;
    }

    /// <summary>Inside the caller's transaction.</summary>
    private int MarkDone(IReadOnlyCollection<FinishedJob> done)
    {
        foreach (var finished in done)
        {
            if (db.Jobs.FindById(finished.Id) is { } doc)
            {
                db.Jobs.Update(ToDoc(FromDoc(doc) with { Status = JobStatus.Done, FinishedAt = finished.At, LeaseUntil = null }));
            }
        }

        return done.Count;
    }

    public Task FailAsync(string jobId, string error, DateTimeOffset? retryAt, DateTimeOffset now, CancellationToken ct = default)
    {
        Update(jobId, job => retryAt is { } at
            ? job with { Status = JobStatus.Pending, DueAt = at, LastError = error, LeaseUntil = null }
            : job with { Status = JobStatus.Failed, LastError = error, FinishedAt = now, LeaseUntil = null });
        return Task.CompletedTask;
    }

    public Task<int> CancelAsync(string handoffId, string kindPrefix, CancellationToken ct = default)
    {
        var count = db.Write(() =>
        {
            var docs = db.Jobs.Find(Query.And(Query.EQ("handoffId", handoffId), Query.EQ("status", nameof(JobStatus.Pending)))).ToList();
            var cancelled = 0;
            foreach (var doc in docs.Where(d => d["kind"].AsString.StartsWith(kindPrefix, StringComparison.Ordinal)))
            {
                doc["status"] = nameof(JobStatus.Cancelled);
                db.Jobs.Update(doc);
                cancelled++;
            }

            return cancelled;
        });
        return Task.FromResult(count);
    }

    public Task<DateTimeOffset?> NextDueAtAsync(CancellationToken ct = default)
    {
        var pending = db.Jobs.Query().Where(Query.EQ("status", nameof(JobStatus.Pending))).OrderBy("due").Limit(1).FirstOrDefault();
        var running = db.Jobs.Query().Where(Query.EQ("status", nameof(JobStatus.Running))).OrderBy("lease").Limit(1).FirstOrDefault();
        long? next = null;
        if (pending is not null) next = pending["due"].AsInt64;
        if (running is not null && running["lease"].IsNumber) next = next is null ? running["lease"].AsInt64 : Math.Min(next.Value, running["lease"].AsInt64);
        return Task.FromResult(next is null ? (DateTimeOffset?)null : DateTimeOffset.FromUnixTimeMilliseconds(next.Value));
    }

    public Task<IReadOnlyList<ScheduledJob>> ListAsync(JobStatus? status, string? handoffId, int limit, CancellationToken ct = default)
    {
        var filters = new List<BsonExpression>();
        if (status is { } s) filters.Add(Query.EQ("status", s.ToString()));
        if (!string.IsNullOrEmpty(handoffId)) filters.Add(Query.EQ("handoffId", handoffId));
        var q = db.Jobs.Query();
        foreach (var filter in filters)
        {
            q = q.Where(filter);
        }

        IReadOnlyList<ScheduledJob> jobs = [.. q.OrderBy("due").Limit(Math.Clamp(limit, 1, 10_000)).ToList().Select(FromDoc)];
        return Task.FromResult(jobs);
    }

    private void Update(string jobId, Func<ScheduledJob, ScheduledJob> change) => db.Write(() =>
    {
        var doc = db.Jobs.FindById(jobId);
        if (doc is not null)
        {
            db.Jobs.Update(ToDoc(change(FromDoc(doc))));
        }

        return 0;
    });

    private static BsonDocument ToDoc(ScheduledJob job) => new()
    {
        ["_id"] = job.Id,
        ["kind"] = job.Kind,
        ["handoffId"] = job.HandoffId is null ? BsonValue.Null : job.HandoffId,
        ["due"] = job.DueAt.ToUnixTimeMilliseconds(),
        ["key"] = job.IdempotencyKey,
        ["payload"] = job.Payload is null ? BsonValue.Null : job.Payload,
        ["status"] = job.Status.ToString(),
        ["attempts"] = job.Attempts,
        ["error"] = job.LastError is null ? BsonValue.Null : job.LastError,
        ["lease"] = job.LeaseUntil is { } l ? l.ToUnixTimeMilliseconds() : BsonValue.Null,
        ["created"] = job.CreatedAt.ToUnixTimeMilliseconds(),
        ["finished"] = job.FinishedAt is { } f ? f.ToUnixTimeMilliseconds() : BsonValue.Null,
        ["group"] = job.Group is null ? BsonValue.Null : job.Group,
        ["deferrals"] = job.Deferrals,
    };

    internal static ScheduledJob FromDoc(BsonDocument doc) => new()
    {
        Id = doc["_id"].AsString,
        Kind = doc["kind"].AsString,
        HandoffId = doc["handoffId"].IsNull ? null : doc["handoffId"].AsString,
        DueAt = DateTimeOffset.FromUnixTimeMilliseconds(doc["due"].AsInt64),
        IdempotencyKey = doc["key"].AsString,
        Payload = doc["payload"].IsNull ? null : doc["payload"].AsString,
        Status = Enum.Parse<JobStatus>(doc["status"].AsString),
        Attempts = doc["attempts"].AsInt32,
        LastError = doc["error"].IsNull ? null : doc["error"].AsString,
        LeaseUntil = doc["lease"].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(doc["lease"].AsInt64),
        CreatedAt = DateTimeOffset.FromUnixTimeMilliseconds(doc["created"].AsInt64),
        FinishedAt = doc["finished"].IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds(doc["finished"].AsInt64),
        Group = doc.TryGetValue("group", out var group) && group.IsString ? group.AsString : null,
        Deferrals = doc.TryGetValue("deferrals", out var deferrals) && deferrals.IsNumber ? deferrals.AsInt32 : 0,
    };
}
