using System.Runtime.CompilerServices;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using LiteDB;

namespace HandoffBot.Storage;

/// <summary>Streams every stored handoff in pages by id, so a long scan never holds the file's lock for long.</summary>
public sealed class LiteDbHandoffScan(LiteDbContext db) : IHandoffScan
{
    private const int PageSize = 500;

    public async IAsyncEnumerable<Handoff> ScanAsync([EnumeratorCancellation] CancellationToken ct = default)
    {
        BsonValue last = BsonValue.MinValue;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            var page = db.Handoffs.Query().Where(Query.GT("_id", last)).OrderBy("_id").Limit(PageSize).ToList();
            foreach (var doc in page)
            {
                var handoff = System.Text.Json.JsonSerializer.Deserialize<Handoff>(doc["json"].AsString, StoreJson.Options);
                if (handoff is not null)
                {
                    handoff.OnSaved(doc["version"].AsInt32);
                    yield return handoff;
                }
            }

            if (page.Count < PageSize)
            {
                break;
            }

            last = page[^1]["_id"];
            await Task.Yield();
        }
    }
}
