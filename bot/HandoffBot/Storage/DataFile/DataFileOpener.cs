using LiteDB;
using LiteDB.Engine;

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

    public static (LiteDatabase Database, IntegrityReport Integrity) Open(string path, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
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
            throw new DataFileAccessException(path, ex.Message, ex);
        }
        catch (IOException ex) when (ex is not EndOfStreamException)
        {
            throw new DataFileAccessException(path, ex.Message, ex);
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
    /// LiteDB's Rebuild with the ordinal collation: every document and index is written again into a
    /// new file, which then takes the data file's name; the original is kept beside it. Nothing
    /// unique can collide (ordinal tells more strings apart than ignoring case did). Counts are
    /// compared before and after; on any difference the original is put back and start-up stops.
    /// </summary>
    private static (LiteDatabase, IntegrityReport) MigrateToOrdinal(LiteDatabase db, string path, IntegrityReport before, ILogger logger)
    {
        var from = db.Pragma("COLLATION").AsString;
        var aside = FreeName(path + ".before-case-sensitive-ids");
        LogMigrating(logger, path, from);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        db.Checkpoint();
        var liteBackup = LiteDbSuffixFile(path, "-backup");
        var liteBackupLog = LiteDbSuffixFile(DataFileRepair.LogFile(path), "-backup");
        db.Rebuild(new RebuildOptions { Collation = Ordinal, IncludeErrorReport = true });
        File.Move(liteBackup, aside);
        if (File.Exists(liteBackupLog))
        {
            File.Move(liteBackupLog, aside + "-log");
        }

        IntegrityReport after;
        try
        {
            after = DataFileIntegrity.Check(db, path);
        }
        catch (DataFileDamagedException)
        {
            db.Dispose();
            PutBack(path, aside);
            throw;
        }

        if (!before.Collections.SequenceEqual(after.Collections))
        {
            db.Dispose();
            PutBack(path, aside);
            throw new DataFileDamagedException(path,
                $"moving it to case-sensitive ids would not keep every document (before: {before.Summary()}; after: {after.Summary()}); it was left as it was");
        }

        LogMigrated(logger, path, from, after.Summary(), aside, (long)clock.Elapsed.TotalMilliseconds);
        return (db, after);
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
