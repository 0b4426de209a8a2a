using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Scheduling;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>
/// Handoffs as LiteDB documents: the aggregate as JSON plus the indexed fields queries need
/// (CRM id, stage, owner). Saving checks the version read against the stored one, and writes the
/// handoff's facts (collection <c>facts</c>, what metrics read) in the same transaction.
/// </summary>
public sealed class LiteDbHandoffStore(LiteDbContext db, FactsProjection projection) : IHandoffStore
{
    /// <summary>LiteDB's largest document is 2047 × 8150 bytes (16,683,050); the other fields are small.</summary>
    public const int MaxJsonBytes = HandoffDocuments.MaxJsonBytes;

    public Task<Handoff?> GetAsync(string id, CancellationToken ct = default)
    {
        var doc = db.Handoffs.FindById(id);
        return Task.FromResult(doc is null ? null : Read(doc));
    }

    public Task<Handoff?> FindByCrmIdAsync(string crmId, CancellationToken ct = default)
    {
        var doc = db.Handoffs.FindOne(Queries.Eq("crmId", crmId));
        return Task.FromResult(doc is null ? null : Read(doc));
    }

    public Task<IReadOnlyList<Handoff>> QueryAsync(HandoffQuery query, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var filters = new List<BsonExpression>();
        if (query.Stage is { } stage)
        {
            filters.Add(Query.EQ("stage", stage.ToString()));
        }

        if (!string.IsNullOrWhiteSpace(query.OwnerEmail))
        {
            filters.Add(Query.EQ("owner", Emails.Normalize(query.OwnerEmail)));
        }

        if (query.OpenOnly)
        {
            filters.Add(Query.Not("stage", nameof(Stage.Outcome)));
        }

        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            filters.Add(Query.Contains("account", query.Text.Trim().ToLowerInvariant()));
        }

        var q = db.Handoffs.Query();
        foreach (var filter in filters)
        {
            q = q.Where(filter);
        }

        var docs = q.OrderByDescending("updated").Limit(Math.Clamp(query.Limit, 1, 10_000)).ToList();
        IReadOnlyList<Handoff> result = [.. docs.Select(Read)];
        return Task.FromResult(result);
    }

    public Task SaveAsync(Handoff handoff, IReadOnlyCollection<ScheduledJob> jobs, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(handoff);
        ArgumentNullException.ThrowIfNull(jobs);
        var newVersion = db.Write(() =>
        {
            var stored = db.Handoffs.FindById(handoff.Id);
            if (handoff.Version == 0)
            {
                if (stored is not null)
                {
                    throw new ConcurrencyException($"Handoff {handoff.Id} already exists.");
                }

                if (db.Handoffs.Exists(Queries.Eq("crmId", handoff.Deal.CrmId)))
                {
                    throw new DuplicateCrmIdException(handoff.Deal.CrmId);
                }

                db.Handoffs.Insert(Write(handoff, 1));
            }
            else
            {
                if (stored is null || stored["version"].AsInt32 != handoff.Version)
                {
                    throw new ConcurrencyException($"Handoff {handoff.Id} was changed by somebody else; reload and retry.");
                }

                db.Handoffs.Update(Write(handoff, handoff.Version + 1));
            }

            LiteDbMetricsSource.Upsert(db, projection.Project(handoff), projection.CalendarKey);
            LiteDbJobStore.Insert(db, jobs);
            return handoff.Version + 1;
        });
        handoff.OnSaved(newVersion);
        return Task.CompletedTask;
    }

    /// <summary>
    /// The stored document. Identifiers are compared as they are (the file's collation is ordinal);
    /// the owner's email and the account name are kept lower-case because people search them so.
    /// A document LiteDB would refuse (over its 16 MB) is refused here first, as a domain refusal.
    /// </summary>
    private static BsonDocument Write(Handoff handoff, int version)
    {
        var json = HandoffDocuments.Json(handoff);
        return new BsonDocument
        {
            ["_id"] = handoff.Id,
            ["crmId"] = handoff.Deal.CrmId,
            ["account"] = handoff.Deal.AccountName.ToLowerInvariant(),
            ["stage"] = handoff.Stage.ToString(),
            ["owner"] = Emails.Normalize(handoff.Owner.Email),
            ["version"] = version,
            ["updated"] = handoff.UpdatedAt.ToUnixTimeMilliseconds(),
            ["json"] = json,
        };
    }

    private static Handoff Read(BsonDocument doc) => HandoffDocuments.Read(doc["_id"].AsString, doc["json"].AsString, doc["version"].AsInt32);
}
