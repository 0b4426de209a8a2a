using System.Text.Json;

namespace HandoffBot.Storage.DataFile;

/// <summary>Who holds a data file: written beside the lock so a refused process can name it.</summary>
public sealed record DataFileHolder(int Pid, string Host, DateTimeOffset Started, string Command, IReadOnlyList<string> Urls)
{
    public override string ToString()
    {
        var listening = Urls.Count > 0 ? $", listening on {string.Join(", ", Urls)}" : "";
        return $"pid {Pid} on host {Host}, started {Started:yyyy-MM-dd HH:mm:ss}Z, running: {Command}{listening}";
    }
}

/// <summary>
/// The exclusive OS lock that makes a data file one process's, for that process's lifetime.
/// LiteDB opens its file shared on Linux (its own FileShare.Read becomes a shared flock), so two
/// processes could write one file and corrupt it; this lock is taken before LiteDB opens the file.
/// It is <c>&lt;data file&gt;.lock</c> opened with <see cref="FileShare.None"/>: .NET takes an exclusive
/// <c>flock</c> on Unix and a sharing lock on Windows, both released by the OS when the process ends,
/// however it ends (kill -9 included). The lock file itself is never deleted: deleting it would let a
/// waiting process lock an unlinked file while a third creates a new one. What covers the data file
/// covers everything beside it (LiteDB's <c>-log</c> file, the Slack inbox log).
/// </summary>
public sealed class DataFileLock : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    private readonly FileStream handle;
    private readonly Lock gate = new();
    private DataFileHolder holder;
    private bool disposed;

    private DataFileLock(string dataPath, FileStream handle, DataFileHolder holder)
    {
        DataPath = dataPath;
        this.handle = handle;
        this.holder = holder;
    }

    public string DataPath { get; }

    public string LockPath => LockPathFor(DataPath);

    public DataFileHolder Holder => holder;

    public static string LockPathFor(string dataPath) => dataPath + ".lock";

    /// <summary>The holder description beside the lock (readable while the lock is held).</summary>
    public static string HolderPathFor(string dataPath) => dataPath + ".lock.json";

    /// <summary>Takes the lock or throws <see cref="DataFileInUseException"/> naming the holder.</summary>
    public static DataFileLock Acquire(string dataPath, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        dataPath = Path.GetFullPath(dataPath);
        if (LockingDisabled())
        {
            throw new DataFileAccessException(dataPath,
                "file locking is switched off in this process (DOTNET_SYSTEM_IO_DISABLEFILELOCKING or System.IO.DisableFileLocking), so nothing would stop a second process from opening the file and damaging it; unset it");
        }

        var folder = Path.GetDirectoryName(dataPath);
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        FileStream handle;
        try
        {
            handle = new FileStream(LockPathFor(dataPath), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1);
        }
        catch (IOException ex)
        {
            throw new DataFileInUseException(dataPath, ReadHolder(dataPath), ex.Message);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw DataFileAccessException.Refused(LockPathFor(dataPath), ex);
        }

        var me = Environment.ProcessId;
        var self = new DataFileHolder(me, Environment.MachineName, time.GetUtcNow(), CommandLine(), []);
        var taken = new DataFileLock(dataPath, handle, self);
        taken.WriteHolder();
        return taken;
    }

    /// <summary>The holder as it described itself, or null when there is no readable description.</summary>
    public static DataFileHolder? ReadHolder(string dataPath)
    {
        try
        {
            using var stream = new FileStream(HolderPathFor(Path.GetFullPath(dataPath)), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return JsonSerializer.Deserialize<DataFileHolder>(stream, Json);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Adds where the bot listens, once it does, so `backup` can ask it for a copy.</summary>
    public void PublishUrls(IEnumerable<string> urls)
    {
        lock (gate)
        {
            holder = holder with { Urls = [.. urls] };
            WriteHolder();
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;

            // The description goes first: once the lock is released it may already describe the next holder.
            try
            {
                File.Delete(HolderPathFor(DataPath));
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // a stale description is harmless: the lock, not the file, decides
            }

            handle.Dispose();
        }
    }

    /// <summary>Written whole under another name, then moved over: a reader never sees half of it.</summary>
    private void WriteHolder()
    {
        var path = HolderPathFor(DataPath);
        var temp = $"{path}.{Environment.ProcessId}.tmp";
        try
        {
            File.WriteAllText(temp, JsonSerializer.Serialize(holder, Json));
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The lock holds without its description; a refused process then says less about us.
        }
    }

    private static bool LockingDisabled()
    {
        if (AppContext.TryGetSwitch("System.IO.DisableFileLocking", out var disabled) && disabled)
        {
            return true;
        }

        var variable = Environment.GetEnvironmentVariable("DOTNET_SYSTEM_IO_DISABLEFILELOCKING");
        return variable is "1" || string.Equals(variable, "true", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The app and its verb; options are left out (settings, secrets included, can be passed as --Key=value).</summary>
    private static string CommandLine()
    {
        var args = Environment.GetCommandLineArgs();
        var app = args.Length > 0 ? Path.GetFileName(args[0]) : "HandoffBot";
        var words = args.Skip(1).TakeWhile(a => !a.StartsWith('-')).Take(3);
        return string.Join(' ', [app, .. words]);
    }
}
