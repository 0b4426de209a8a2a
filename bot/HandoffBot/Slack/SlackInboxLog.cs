using System.Buffers;
using System.Text.Json;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Slack;

/// <summary>
/// The inbox's write-ahead log: one JSON line per accepted job, appended in batches (one write per
/// batch), beside the LiteDB file. A line that is in the file survives the process dying; lines
/// are replayed into the job store at start-up, and the file is emptied once the store has them all.
/// A torn last line (the process died mid-write, so it was never acknowledged) is skipped.
/// </summary>
public sealed class SlackInboxLog : IDisposable
{
    private readonly FileStream file;
    private readonly bool flushToDisk;
    private readonly ArrayBufferWriter<byte> buffer = new(64 * 1024);
    private readonly Utf8JsonWriter json;

    public SlackInboxLog(string path, bool flushToDisk)
    {
        Path = path;
        this.flushToDisk = flushToDisk;
        var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(folder))
        {
            Directory.CreateDirectory(folder);
        }

        // Unbuffered: every batch is one write(2) straight to the file.
        file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);
        json = new Utf8JsonWriter(buffer);
    }

    public string Path { get; }

    /// <summary>The inbox file that belongs to a LiteDB file.</summary>
    public static string PathFor(string databasePath) => databasePath + ".slack-inbox";

    /// <summary>Every complete job line in the file, in order.</summary>
    public List<ScheduledJob> ReadAll(out int skipped)
    {
        skipped = 0;
        var jobs = new List<ScheduledJob>();
        file.Position = 0;
        using var reader = new StreamReader(file, leaveOpen: true);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }

            if (Parse(System.Text.Encoding.UTF8.GetBytes(line)) is { } job)
            {
                jobs.Add(job);
            }
            else
            {
                skipped++;
            }
        }

        file.Seek(0, SeekOrigin.End);
        return jobs;
    }

    /// <summary>Appends the batch; when it returns the jobs survive the process dying (and, with flushToDisk, the machine).</summary>
    public int Append(IReadOnlyList<ScheduledJob> jobs)
    {
        buffer.ResetWrittenCount();
        foreach (var job in jobs)
        {
            json.Reset(buffer);
            json.WriteStartObject();
            json.WriteString("id", job.Id);
            json.WriteString("kind", job.Kind);
            json.WriteString("handoffId", job.HandoffId);
            json.WriteNumber("due", job.DueAt.ToUnixTimeMilliseconds());
            json.WriteString("key", job.IdempotencyKey);
            json.WriteNumber("created", job.CreatedAt.ToUnixTimeMilliseconds());
            json.WriteString("payload", job.Payload);
            json.WriteEndObject();
            json.Flush();
            buffer.Write("\n"u8);
        }

        file.Write(buffer.WrittenSpan);
        file.Flush(flushToDisk);
        return buffer.WrittenCount;
    }

    /// <summary>A second handle on the file for the reader that moves lines into the store.</summary>
    public FileStream OpenReader() => new(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0);

    /// <summary>
    /// Reads whole lines from [<paramref name="from"/>, <paramref name="to"/>) of the file, up to
    /// <paramref name="max"/> jobs; returns the bytes consumed (always whole lines).
    /// </summary>
    public static long ReadJobs(FileStream reader, long from, long to, List<ScheduledJob> into, int max, ref byte[] scratch)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(into);
        var want = (int)Math.Min(to - from, 64 * 1024 * 1024);
        if (scratch.Length < want)
        {
            scratch = new byte[Math.Max(want, scratch.Length * 2)];
        }

        reader.Position = from;
        var read = 0;
        while (read < want && reader.Read(scratch, read, want - read) is var n and > 0)
        {
            read += n;
        }

        var consumed = 0;
        var span = scratch.AsSpan(0, read);
        while (into.Count < max && consumed < read)
        {
            var end = span[consumed..].IndexOf((byte)'\n');
            if (end < 0)
            {
                // A line longer than this read: read it whole next time.
                if (consumed == 0 && read == want && want < to - from)
                {
                    scratch = new byte[scratch.Length * 2];
                }

                break;
            }

            if (end > 0 && Parse(span.Slice(consumed, end)) is { } job)
            {
                into.Add(job);
            }

            consumed += end + 1;
        }

        return consumed;
    }

    /// <summary>Empties the file: call only when the store holds every line in it.</summary>
    public void Truncate()
    {
        file.SetLength(0);
        file.Position = 0;
        file.Flush(flushToDisk);
    }

    public long Length => file.Length;

    public void Dispose()
    {
        json.Dispose();
        file.Dispose();
    }

    private static ScheduledJob? Parse(ReadOnlySpan<byte> line)
    {
        try
        {
            var reader = new Utf8JsonReader(line);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            var job = ScheduledJob.Create(
                root.GetProperty("kind").GetString()!,
                root.GetProperty("handoffId").GetString(),
                DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("due").GetInt64()),
                root.GetProperty("key").GetString()!,
                DateTimeOffset.FromUnixTimeMilliseconds(root.GetProperty("created").GetInt64()),
                root.GetProperty("payload").GetString());
            return job with { Id = root.GetProperty("id").GetString()! };
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return null;
        }
    }
}
