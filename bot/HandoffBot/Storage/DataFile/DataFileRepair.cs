using System.Globalization;
using System.Text;
using LiteDB;

namespace HandoffBot.Storage.DataFile;

/// <summary>What a repair did: counts before (as far as they could be read) and after, LiteDB's errors, what is gone.</summary>
public sealed record RepairReport(
    IReadOnlyDictionary<string, long?> Before,
    IntegrityReport After,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> MissingHandoffs,
    string DamagedCopy)
{
    /// <summary>
    /// Nothing lost: no handoff is named but gone, no count dropped, and either LiteDB read every page
    /// or every count before is known (a page it could not read then held indexes, which are rebuilt).
    /// </summary>
    public bool Complete => MissingHandoffs.Count == 0
        && Before.All(b => b.Value is null || After.CountOf(b.Key) >= b.Value)
        && (Errors.Count == 0 || (Before.Count > 0 && Before.Values.All(v => v is not null)));

    public string Describe()
    {
        var text = new StringBuilder();
        foreach (var name in Before.Keys.Union(After.Collections.Select(c => c.Collection)).Order(StringComparer.Ordinal))
        {
            var before = Before.TryGetValue(name, out var b) && b is { } n ? n.ToString(CultureInfo.InvariantCulture) : "unreadable";
            text.Append(CultureInfo.InvariantCulture, $"{name}: {before} before, {After.CountOf(name)} after\n");
        }

        text.Append(Errors.Count == 0
            ? "LiteDB read every page.\n"
            : Complete
                ? $"LiteDB could not read {Errors.Count} page(s); every collection still has all its documents, so they held index entries, which are rebuilt:\n"
                : $"LiteDB could not read {Errors.Count} page(s); documents on them are lost:\n");
        foreach (var error in Errors)
        {
            text.Append("  ").Append(error).Append('\n');
        }

        if (MissingHandoffs.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Handoffs named by jobs or messages but no longer in the file ({MissingHandoffs.Count}): {string.Join(", ", MissingHandoffs)}\n");
            text.Append("  Restore them from a backup, or have the CRM send those deals again.\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"The damaged file is kept as {DamagedCopy}.\n");
        text.Append(Complete ? "Repaired: nothing known to be lost." : "Repaired, with losses (above).");
        return text.ToString();
    }
}

/// <summary>
/// `repair`: LiteDB's page reader (<see cref="PageRebuildSource"/>) reads the file page by page, not
/// through its indexes (which is where a second writer's damage shows), and every readable document
/// is written into a new file with fresh indexes (<see cref="DataFileRebuild"/>); the damaged file is
/// kept aside. What could not be read is reported, and handoffs still named by jobs or the
/// outbound log but gone from the file are listed by id.
/// </summary>
public static class DataFileRepair
{
    public static RepairReport Run(string path, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!HasLiteDbHeader(path))
        {
            throw new DataFileDamagedException(path, "its first page is not a LiteDB 5 header, so nothing in it can be found; restore a backup with `restore <backup file>`");
        }

        var before = BestEffortCounts(path);
        var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
        var damagedCopy = DataFileOpener.FreeName($"{path}.damaged-{stamp}");
        var rebuilt = DataFileOpener.FreeName(path + ".rebuilding");
        var errors = new List<string>();
        try
        {
            using var source = PageRebuildSource.TryOpen(path)
                ?? throw new DataFileDamagedException(path, "this LiteDB version has no page reader to repair with; restore a backup with `restore <backup file>`");
            if (source.Collections().Count == 0 && source.Errors.Count > 0)
            {
                throw new DataFileDamagedException(path, $"nothing in it can be read ({source.Errors[0]}); restore a backup with `restore <backup file>`");
            }

            var notKept = DataFileRebuild.Write(source, rebuilt);
            errors.AddRange(source.Errors);
            errors.AddRange(notKept);
        }
        catch (DataFileDamagedException)
        {
            throw;
        }
#pragma warning disable CA1031 // whatever LiteDB could not get past, the answer is the same: restore a backup
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new DataFileDamagedException(path, $"it could not be rebuilt ({ex.Message}); restore a backup with `restore <backup file>`", ex);
        }

        DataFileRebuild.Replace(path, rebuilt, damagedCopy);
        using var repaired = DataFileOpener.Connect(path, null);
        var after = DataFileIntegrity.Check(repaired, path);
        return new RepairReport(before, after, errors, MissingHandoffs(repaired), damagedCopy);
    }

    /// <summary>LiteDB 5's header page: "** This is a LiteDB file **" at byte 32, file version 8 at byte 59.</summary>
    private static bool HasLiteDbHeader(string path)
    {
        var expected = System.Text.Encoding.ASCII.GetBytes("** This is a LiteDB file **");
        var head = new byte[60];
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return file.Read(head) == head.Length && head.AsSpan(32, expected.Length).SequenceEqual(expected) && head[59] == 8;
    }

    /// <summary>LiteDB's log beside a data file ("name-log.ext").</summary>
    public static string LogFile(string path) =>
        Path.Combine(Path.GetDirectoryName(path) ?? "", Path.GetFileNameWithoutExtension(path) + "-log" + Path.GetExtension(path));

    /// <summary>
    /// Per collection, the largest entry count any of its indexes still gives (a damaged index throws;
    /// the others still count). A failure closes LiteDB's engine, so each try opens the file afresh.
    /// </summary>
    private static Dictionary<string, long?> BestEffortCounts(string path)
    {
        var indexes = new List<(string Collection, string Expression)>();
        try
        {
            using var db = DataFileOpener.Connect(path, null);
            indexes.AddRange(db.GetCollection("$indexes").FindAll().Select(d => (d["collection"].AsString, d["expression"].AsString)));
        }
#pragma warning disable CA1031 // best effort: unknown counts are reported as unreadable
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return [];
        }

        var counts = new Dictionary<string, long?>(StringComparer.Ordinal);
        foreach (var (collection, expression) in indexes.Where(i => !i.Expression.Contains('[', StringComparison.Ordinal)))
        {
            counts.TryAdd(collection, null);
            try
            {
                using var db = DataFileOpener.Connect(path, null);
                var keys = db.GetCollection(collection).Query().Select(BsonExpression.Create(expression)).ToEnumerable().LongCount();
                counts[collection] = Math.Max(counts[collection] ?? 0, keys);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // this index is damaged; another may still count
            }
        }
#pragma warning restore CA1031

        return counts;
    }

    private static List<string> MissingHandoffs(LiteDatabase db)
    {
        var present = db.GetCollection("handoffs").Query().Select("$._id").ToEnumerable().Select(d => d["_id"].AsString).ToHashSet(StringComparer.Ordinal);
        var named = db.GetCollection("jobs").Query().Select("$.handoffId").ToEnumerable()
            .Select(d => d["handoffId"])
            .Where(v => v.IsString)
            .Select(v => v.AsString)
            .Concat(db.GetCollection("deliveries").Query().Select("$._id").ToEnumerable()
                .Select(d => d["_id"].AsString)
                .Where(key => key.StartsWith("HO-", StringComparison.Ordinal) && key.Contains(':', StringComparison.Ordinal))
                .Select(key => key[..key.IndexOf(':', StringComparison.Ordinal)]));
        return [.. named.Where(id => !present.Contains(id)).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
    }
}
