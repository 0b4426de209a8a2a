using System.Globalization;

namespace HandoffBot.Storage.DataFile;

public sealed record RestoreResult(IntegrityReport Restored, string? Replaced);

/// <summary>
/// `restore &lt;backup&gt;`: with the lock held (no bot running on the file), checks the backup whole,
/// moves the current data file and LiteDB's log beside it aside (a stale log applied to another file
/// would damage it — the reason not to copy a backup in by hand), puts the backup in place, and
/// opens it the way the bot does (an older backup is moved to case-sensitive ids then).
/// </summary>
public static class DataFileRestore
{
    public static RestoreResult Run(string path, string backup, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(time);
        backup = Path.GetFullPath(backup);
        if (!File.Exists(backup))
        {
            throw new FileNotFoundException($"{backup}: file not found.", backup);
        }

        if (string.Equals(backup, path, StringComparison.Ordinal))
        {
            throw new IOException("The backup is the data file itself.");
        }

        DataFileIntegrity.CheckCopy(backup);
        string? replaced = null;
        if (File.Exists(path))
        {
            var stamp = time.GetUtcNow().ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture);
            replaced = DataFileOpener.FreeName($"{path}.replaced-{stamp}");
            File.Move(path, replaced);
            var log = DataFileRepair.LogFile(path);
            if (File.Exists(log))
            {
                File.Move(log, replaced + "-log");
            }
        }

        var partial = path + ".partial";
        File.Copy(backup, partial, overwrite: true);
        File.Move(partial, path);
        var (db, integrity) = DataFileOpener.Open(path, logger);
        db.Dispose();
        return new RestoreResult(integrity, replaced);
    }
}
