using LiteDB;

namespace HandoffBot.Storage.DataFile;

/// <summary>
/// Opens the data file once the lock is held: refuses a damaged file (LiteDB's own "invalid" mark,
/// a file that does not open, or an integrity pass that fails), and moves a file written before
/// identifiers became case-sensitive to LiteDB's binary (ordinal) collation, once.
/// </summary>
public static partial class DataFileOpener
{
    /// <summary>LiteDB's header byte that it sets after an error left the file in doubt (HeaderPage.P_INVALID_DATAFILE_STATE).</summary>
    private const int InvalidStateOffset = 191;

    /// <summary>
    /// Every string comparison in the store is ordinal: unique indexes, lookups and query filters
    /// (LiteDB's default collation ignores case, so "006ABC" and "006abc" were one deal).
    /// </summary>
    public static Collation Ordinal => Collation.Binary;

    /// <summary>LiteDB's default: its log is merged into the data file once it holds this many pages.</summary>
    public const int AutomaticCheckpointPages = 1000;

    public static (LiteDatabase Database, IntegrityReport Integrity) Open(string path, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        RemoveLeftovers(path);
        var exists = File.Exists(path) && new FileInfo(path).Length > 0;
        if (exists && MarkedInvalid(path))
        {
            throw new DataFileDamagedException(path, "LiteDB marked it invalid after an error it could not recover from");
        }

        var db = Connect(path, exists ? null : Ordinal);
        try
        {
            var integrity = DataFileIntegrity.Check(db, path);
            LogChecked(logger, path, integrity.Summary(), (long)integrity.Took.TotalMilliseconds);
            if (db.Pragma("COLLATION").AsString != Ordinal.ToString())
            {
                (db, integrity) = MigrateToOrdinal(db, path, integrity, logger);
            }

            // A backup switches automatic checkpoints off while it copies; a process that died then left them off.
            if (db.Pragma("CHECKPOINT").AsInt32 == 0)
            {
                db.Pragma("CHECKPOINT", AutomaticCheckpointPages);
            }

            return (db, integrity);
        }
        catch
        {
            db.Dispose();
            throw;
        }
    }

    /// <summary>Opens the file in LiteDB (no checks): a file that does not open is damaged.</summary>
    public static LiteDatabase Connect(string path, Collation? collation)
    {
        try
        {
            return new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct, Collation = collation });
        }
        catch (UnauthorizedAccessException ex)
        {
            throw DataFileAccessException.Refused(path, ex);
        }
        catch (IOException ex) when (ex is not EndOfStreamException)
        {
            throw DataFileAccessException.Refused(path, ex);
        }
#pragma warning disable CA1031 // a damaged header surfaces as many exception types
        catch (Exception ex) when (ex is not OutOfMemoryException)
#pragma warning restore CA1031
        {
            throw new DataFileDamagedException(path, $"it does not open as a LiteDB file ({ex.Message})", ex);
        }
    }

    public static bool MarkedInvalid(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        if (file.Length <= InvalidStateOffset)
        {
            return false;
        }

        file.Position = InvalidStateOffset;
        return file.ReadByte() > 0;
    }

    /// <summary>
    /// Every document and index is written again into a new file with the ordinal collation
    /// (<see cref="DataFileRebuild"/>), which then takes the data file's name; the original is kept
    /// beside it. Nothing unique can collide (ordinal tells more strings apart than ignoring case
    /// did). Counts are compared before and after; on any difference the original is put back and
    /// start-up stops.
    /// </summary>
    private static (LiteDatabase, IntegrityReport) MigrateToOrdinal(LiteDatabase db, string path, IntegrityReport before, ILogger logger)
    {
        var from = db.Pragma("COLLATION").AsString;
        var aside = FreeName(path + ".before-case-sensitive-ids");
        var rebuilt = FreeName(path + ".rebuilding");
        LogMigrating(logger, path, from);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            DataFileRebuild.Write(new EngineRebuildSource(db), rebuilt);
        }
        catch (LiteException ex)
        {
            db.Dispose();
            throw new DataFileDamagedException(path, $"it could not be moved to case-sensitive ids ({ex.Message}); it was left as it was", ex);
        }

        db.Dispose();
        DataFileRebuild.Replace(path, rebuilt, aside);
        var migrated = Connect(path, null);
        IntegrityReport after;
        try
        {
            after = DataFileIntegrity.Check(migrated, path);
        }
        catch (DataFileDamagedException)
        {
            migrated.Dispose();
            PutBack(path, aside);
            throw;
        }

        if (!before.Collections.SequenceEqual(after.Collections))
        {
            migrated.Dispose();
            PutBack(path, aside);
            throw new DataFileDamagedException(path,
                $"moving it to case-sensitive ids would not keep every document (before: {before.Summary()}; after: {after.Summary()}); it was left as it was");
        }

        LogMigrated(logger, path, from, after.Summary(), aside, (long)clock.Elapsed.TotalMilliseconds);
        return (migrated, after);
    }

    /// <summary>
    /// Copies and rebuilds in progress when a process holding the file died: only the holder makes
    /// them, and this process holds the lock now.
    /// </summary>
    private static void RemoveLeftovers(string path)
    {
        var folder = Path.GetDirectoryName(path);
        if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
        {
            return;
        }

        var name = Path.GetFileName(path);
        var log = Path.GetFileName(DataFileRepair.LogFile(path + ".rebuilding"));
        foreach (var pattern in new[] { name + ".backup-*.tmp", name + ".rebuilding*", name + ".partial", log + "*" })
        {
            foreach (var file in Directory.EnumerateFiles(folder, pattern))
            {
                File.Delete(file);
            }
        }
    }

    private static void PutBack(string path, string aside)
    {
        File.Move(path, FreeName(path + ".failed-migration"));
        File.Move(aside, path);
    }

    /// <summary>The first of name, name-1, name-2… that does not exist.</summary>
    public static string FreeName(string wanted)
    {
        var candidate = wanted;
        for (var i = 1; File.Exists(candidate); i++)
        {
            candidate = $"{wanted}-{i}";
        }

        return candidate;
    }

    /// <summary>The name LiteDB's Rebuild gives the original (FileHelper.GetSuffixFile: "name-backup.ext", then "name-backup-1.ext"…).</summary>
    public static string LiteDbSuffixFile(string path, string suffix)
    {
        var folder = Path.GetDirectoryName(path) ?? "";
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        var candidate = Path.Combine(folder, name + suffix + extension);
        for (var i = 1; File.Exists(candidate); i++)
        {
            candidate = Path.Combine(folder, $"{name}{suffix}-{i}{extension}");
        }

        return candidate;
    }

    [LoggerMessage(EventId = 110, Level = LogLevel.Information, Message = "Storage: {Path} read whole in {Milliseconds} ms: {Counts}")]
    private static partial void LogChecked(ILogger logger, string path, string counts, long milliseconds);

    [LoggerMessage(EventId = 111, Level = LogLevel.Warning, Message = "Storage: {Path} compares identifiers ignoring case ({Collation}); moving it to case-sensitive (ordinal) identifiers, once")]
    private static partial void LogMigrating(ILogger logger, string path, string collation);

    [LoggerMessage(EventId = 112, Level = LogLevel.Warning, Message = "Storage: {Path} now compares identifiers exactly (was {Collation}); every document kept ({Counts}) in {Milliseconds} ms; the file as it was is kept as {Aside}")]
    private static partial void LogMigrated(ILogger logger, string path, string collation, string counts, string aside, long milliseconds);
}
