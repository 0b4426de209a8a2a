namespace HandoffBot.Storage.DataFile;

/// <summary>
/// The data file cannot be used by this process. The message is for the person running the bot: it
/// names the file and what to do; it is printed as it is (no stack trace) and the process exits
/// with <see cref="ExitCode"/>.
/// </summary>
public abstract class StorageUnavailableException(string message, int exitCode, Exception? inner = null) : Exception(message, inner)
{
    public int ExitCode { get; } = exitCode;
}

/// <summary>Another process holds the data file (exit code 3).</summary>
public sealed class DataFileInUseException : StorageUnavailableException
{
    public const int Code = 3;

    public DataFileInUseException(string dataPath, DataFileHolder? holder, string reason)
        : base(Describe(dataPath, holder, reason), Code)
    {
        DataPath = dataPath;
        Holder = holder;
    }

    public string DataPath { get; }

    public DataFileHolder? Holder { get; }

    private static string Describe(string dataPath, DataFileHolder? holder, string reason)
    {
        var who = holder is null ? $"another process ({reason})" : $"another process: {holder}";
        return $"The data file {dataPath} is in use by {who}. Only one process may open a data file "
            + $"(its lock is {DataFileLock.LockPathFor(dataPath)}): stop that process first, or set Storage__Path to another file. "
            + "To copy the file while the bot runs, use the `backup <destination>` command.";
    }
}

/// <summary>The data file is damaged (exit code 4): nothing was changed; repair or restore it.</summary>
public sealed class DataFileDamagedException : StorageUnavailableException
{
    public const int Code = 4;

    public DataFileDamagedException(string dataPath, string problem, Exception? inner = null)
        : base(Describe(dataPath, problem), Code, inner)
    {
        DataPath = dataPath;
        Problem = problem;
    }

    public string DataPath { get; }

    public string Problem { get; }

    private static string Describe(string dataPath, string problem) =>
        $"The data file {dataPath} is damaged: {problem}. Nothing was changed. To recover, stop every HandoffBot process on it, then either "
        + "run `repair` (rebuilds the file from its readable pages, keeps the damaged file aside and reports anything lost) "
        + "or `restore <backup file>` (puts a copy made with `backup` in its place). README: \"Backup, repair and restore\".";
}

/// <summary>The data file cannot be used safely (exit code 5): the OS refuses it, or file locking is switched off.</summary>
public sealed class DataFileAccessException(string dataPath, string reason, Exception? inner = null)
    : StorageUnavailableException($"The data file {dataPath} cannot be used: {reason}.", Code, inner)
{
    public const int Code = 5;

    public string DataPath { get; } = dataPath;

    public static DataFileAccessException Refused(string dataPath, Exception ex) =>
        new(dataPath, $"the operating system refuses it ({ex.Message}); check Storage__Path, the folder's permissions and that its volume is mounted writable", ex);
}

/// <summary>The PostgreSQL database cannot be reached or used (exit code 5, as a data file that cannot be used).</summary>
public sealed class DatabaseUnavailableException(string message, Exception? inner = null) : StorageUnavailableException(message, Code, inner)
{
    public const int Code = 5;
}
