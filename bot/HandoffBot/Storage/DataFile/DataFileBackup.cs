using System.Diagnostics;
using System.Globalization;

namespace HandoffBot.Storage.DataFile;

public sealed record BackupResult(string Path, long Bytes, IntegrityReport Contents, TimeSpan Took)
{
    public string Describe() =>
        $"Backup written: {Path} ({Bytes.ToString(CultureInfo.InvariantCulture)} bytes, {Took.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s): "
        + $"{Contents.Summary()}. Checked: it opens on its own and every document and index reads.";
}

/// <summary>
/// A consistent copy of the data file taken by the process that holds it, while it keeps running
/// (<see cref="LiteDbContext.CopyFileTo"/>: the file at one instant, nothing half-written); then
/// the copy is opened on its own, read whole, and its counts compared with the ones taken at that
/// instant.
/// </summary>
public static class DataFileBackup
{
    /// <summary>Writes the copy to <paramref name="destination"/> (which must not exist yet).</summary>
    public static BackupResult Write(LiteDbContext db, string destination)
    {
        ArgumentNullException.ThrowIfNull(db);
        destination = Path.GetFullPath(destination);
        if (File.Exists(destination))
        {
            throw new IOException($"{destination} already exists; a backup never overwrites a file.");
        }

        if (string.Equals(destination, db.FilePath, StringComparison.Ordinal))
        {
            throw new IOException("The destination is the data file itself.");
        }

        var folder = Path.GetDirectoryName(destination);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        var clock = Stopwatch.StartNew();
        var partial = destination + ".partial";
        try
        {
            var atCopy = db.CopyFileTo(partial);
            var copy = Verify(partial, atCopy);
            File.Move(partial, destination);
            return new BackupResult(destination, new FileInfo(destination).Length, copy, clock.Elapsed);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>Opens the copy on its own, reads it whole, and checks it holds exactly <paramref name="expected"/>.</summary>
    public static IntegrityReport Verify(string copy, IReadOnlyList<CollectionCount> expected)
    {
        ArgumentNullException.ThrowIfNull(expected);
        var report = DataFileIntegrity.CheckCopy(copy);
        if (!report.Collections.SequenceEqual(expected))
        {
            var wanted = new IntegrityReport(expected, TimeSpan.Zero);
            throw new DataFileDamagedException(copy, $"the copy holds {report.Summary()}, the data file held {wanted.Summary()}");
        }

        return report;
    }

    /// <summary>"handoffs=6;jobs=203" — the counts as a header value between the bot and the `backup` command.</summary>
    public static string Format(IEnumerable<CollectionCount> counts) =>
        string.Join(';', counts.Select(c => $"{c.Collection}={c.Documents.ToString(CultureInfo.InvariantCulture)}"));

    public static IReadOnlyList<CollectionCount>? Parse(string? header)
    {
        if (header is null)
        {
            return null;
        }

        var list = new List<CollectionCount>();
        foreach (var pair in header.Split(';', StringSplitOptions.RemoveEmptyEntries))
        {
            var at = pair.LastIndexOf('=');
            if (at <= 0 || !long.TryParse(pair[(at + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                return null;
            }

            list.Add(new CollectionCount(pair[..at], n));
        }

        return list;
    }
}
