using System.Globalization;
using System.Text.Json.Nodes;
using HandoffBot.Core.People;

namespace HandoffBot.Demo.Slack;

/// <summary>A member of the demo workspace: one per person of the demo directory.</summary>
public sealed record DemoSlackUser(string Id, string Email, string Name, string? TimeZone);

/// <summary>A message as Slack stores it: in a channel or DM, maybe in a thread, maybe seen by one person only.</summary>
public sealed record DemoSlackMessage(string Channel, string Ts, string? ThreadTs, string User, string? Text, JsonArray? Blocks, JsonObject? Metadata, string? EphemeralFor, bool Edited = false);

/// <summary>A modal or an App Home view.</summary>
public sealed record DemoSlackView(string Id, string UserId, JsonObject View, string Hash);

/// <summary>
/// The Slack workspace of the demo, in memory: what the bot posted through the fake Web API
/// (<see cref="DemoSlackApi"/>), what people typed on the local page, the modals and App Home views
/// each person has open. The page reads it; nothing here is ever sent anywhere.
/// </summary>
public sealed class DemoSlackWorkspace(IPeopleDirectory directory, TimeProvider time)
{
    public const string TeamId = "T0DEMO";
    public const string BotUserId = "U0HANDOFF";
    public const string BotId = "B0HANDOFF";
    public const string AppId = "A0HANDOFF";
    public const string ChannelName = "cs-handoffs";

    private readonly Lock gate = new();
    private readonly List<DemoSlackUser> users = [];
    private readonly List<DemoSlackMessage> messages = [];
    private readonly List<(string Id, string Channel, long PostAt, string? ThreadTs, string? Text, JsonArray? Blocks)> scheduled = [];
    private readonly Dictionary<string, List<DemoSlackView>> modals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DemoSlackView> homes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string User, DateTimeOffset At)> triggers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string User, string Channel, string? MessageTs)> responseUrls = new(StringComparer.Ordinal);
    private TaskCompletionSource changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long lastMicros;
    private long sequence;

    /// <summary>Rises with every change; the page waits for it to move.</summary>
    public long Version { get; private set; }

    public IReadOnlyList<DemoSlackUser> Users
    {
        get
        {
            lock (gate)
            {
                return [.. users];
            }
        }
    }

    /// <summary>Everyone in the directory becomes a member (Slack id U0 + first name, e.g. U0AVERY).</summary>
    public async Task AddPeopleAsync(CancellationToken ct)
    {
        var people = await directory.ListAsync(ct);
        lock (gate)
        {
            foreach (var person in people.OrderBy(p => p.Email, StringComparer.Ordinal))
            {
                if (users.Any(u => u.Email == person.Email))
                {
                    continue;
                }

                var letters = new string([.. person.Name.Split(' ')[0].ToUpperInvariant().Where(char.IsAsciiLetter)]);
                var id = "U0" + (letters.Length > 0 ? letters : "USER");
                while (users.Any(u => u.Id == id))
                {
                    id += "X";
                }

                users.Add(new DemoSlackUser(id, person.Email, person.Name, person.TimeZone));
            }

            Touch();
        }
    }

    public DemoSlackUser? User(string? id)
    {
        lock (gate)
        {
            return users.FirstOrDefault(u => u.Id == id);
        }
    }

    public DemoSlackUser? UserByEmail(string? email)
    {
        lock (gate)
        {
            return users.FirstOrDefault(u => string.Equals(u.Email, email, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>The DM channel between a person and the bot.</summary>
    public static string DmOf(string userId) => "D" + userId[1..];

    public static bool IsDm(string channel) => channel.StartsWith('D');

    /// <summary>A channel the bot may post in: the CS channel, or a member's DM (a user id means their DM).</summary>
    public string? Resolve(string? channel)
    {
        if (channel == DemoSettings.SlackChannel)
        {
            return channel;
        }

        lock (gate)
        {
            return users.FirstOrDefault(u => u.Id == channel || DmOf(u.Id) == channel) is { } user ? DmOf(user.Id) : null;
        }
    }

    public DemoSlackMessage Post(string channel, string user, string? text, JsonArray? blocks, string? threadTs, JsonObject? metadata = null, string? ephemeralFor = null)
    {
        lock (gate)
        {
            Deliver();
            var message = new DemoSlackMessage(channel, NextTs(), threadTs, user, text, blocks, metadata, ephemeralFor);
            messages.Add(message);
            Touch();
            return message;
        }
    }

    public DemoSlackMessage? Update(string channel, string ts, string? text, JsonArray? blocks)
    {
        lock (gate)
        {
            var at = messages.FindIndex(m => m.Channel == channel && m.Ts == ts);
            if (at < 0)
            {
                return null;
            }

            messages[at] = messages[at] with { Text = text ?? messages[at].Text, Blocks = blocks ?? messages[at].Blocks, Edited = true };
            Touch();
            return messages[at];
        }
    }

    public bool Delete(string channel, string ts)
    {
        lock (gate)
        {
            var removed = messages.RemoveAll(m => m.Channel == channel && m.Ts == ts) > 0;
            Touch();
            return removed;
        }
    }

    public DemoSlackMessage? Find(string channel, string ts)
    {
        lock (gate)
        {
            return messages.FirstOrDefault(m => m.Channel == channel && m.Ts == ts);
        }
    }

    /// <summary>Non-ephemeral messages of a channel (with their threads when <paramref name="threadTs"/> is given), oldest first.</summary>
    public IReadOnlyList<DemoSlackMessage> History(string channel, string? threadTs = null)
    {
        lock (gate)
        {
            Deliver();
            return [.. messages.Where(m => m.Channel == channel && m.EphemeralFor is null && (threadTs is null ? m.ThreadTs is null || m.ThreadTs == m.Ts : m.Ts == threadTs || m.ThreadTs == threadTs))];
        }
    }

    /// <summary>What one person sees: the CS channel and their DM, ephemerals only their own.</summary>
    public IReadOnlyList<DemoSlackMessage> VisibleTo(string userId)
    {
        lock (gate)
        {
            Deliver();
            var dm = DmOf(userId);
            return [.. messages.Where(m => (m.Channel == DemoSettings.SlackChannel || m.Channel == dm) && (m.EphemeralFor is null || m.EphemeralFor == userId))];
        }
    }

    public string Schedule(string channel, long postAt, string? threadTs, string? text, JsonArray? blocks)
    {
        lock (gate)
        {
            var id = "Q" + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
            scheduled.Add((id, channel, postAt, threadTs, text, blocks));
            Touch();
            return id;
        }
    }

    public bool Unschedule(string id)
    {
        lock (gate)
        {
            return scheduled.RemoveAll(s => s.Id == id) > 0;
        }
    }

    /// <summary>Messages scheduled for later, for the page ("scheduled for 10:00").</summary>
    public IReadOnlyList<(string Channel, long PostAt, string? Text)> Scheduled()
    {
        lock (gate)
        {
            return [.. scheduled.Select(s => (s.Channel, s.PostAt, s.Text))];
        }
    }

    /// <summary>A click's trigger: views.open accepts it for a while (Slack: 3 s; here longer, the page is not in a hurry).</summary>
    public string NewTrigger(string userId)
    {
        lock (gate)
        {
            var id = $"{time.GetUtcNow().ToUnixTimeSeconds()}.{Interlocked.Increment(ref sequence)}.{Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(8))}";
            triggers[id] = (userId, time.GetUtcNow());
            return id;
        }
    }

    public string? TriggerUser(string? triggerId)
    {
        lock (gate)
        {
            return triggerId is not null && triggers.TryGetValue(triggerId, out var t) && time.GetUtcNow() - t.At < TimeSpan.FromMinutes(2) ? t.User : null;
        }
    }

    public string NewResponseUrlId(string userId, string channel, string? messageTs)
    {
        lock (gate)
        {
            var id = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(12));
            responseUrls[id] = (userId, channel, messageTs);
            return id;
        }
    }

    public (string User, string Channel, string? MessageTs)? ResponseUrl(string id)
    {
        lock (gate)
        {
            return responseUrls.TryGetValue(id, out var r) ? r : null;
        }
    }

    public DemoSlackView OpenModal(string userId, JsonObject view, bool push)
    {
        lock (gate)
        {
            var stack = modals.TryGetValue(userId, out var list) ? list : modals[userId] = [];
            if (!push)
            {
                stack.Clear();
            }

            var opened = new DemoSlackView(NewViewId(), userId, view, NewHash());
            stack.Add(opened);
            Touch();
            return opened;
        }
    }

    public DemoSlackView? UpdateView(string viewId, JsonObject view)
    {
        lock (gate)
        {
            foreach (var stack in modals.Values)
            {
                var at = stack.FindIndex(v => v.Id == viewId);
                if (at >= 0)
                {
                    stack[at] = stack[at] with { View = view, Hash = NewHash() };
                    Touch();
                    return stack[at];
                }
            }

            var home = homes.Values.FirstOrDefault(v => v.Id == viewId);
            if (home is not null)
            {
                homes[home.UserId] = home with { View = view, Hash = NewHash() };
                Touch();
                return homes[home.UserId];
            }

            return null;
        }
    }

    /// <summary>The modal on top of the person's stack, or null.</summary>
    public DemoSlackView? Modal(string userId)
    {
        lock (gate)
        {
            return modals.TryGetValue(userId, out var stack) && stack.Count > 0 ? stack[^1] : null;
        }
    }

    public DemoSlackView? View(string viewId)
    {
        lock (gate)
        {
            return modals.Values.SelectMany(s => s).Concat(homes.Values).FirstOrDefault(v => v.Id == viewId);
        }
    }

    /// <summary>Closes the top modal (or all of them).</summary>
    public void CloseModal(string userId, bool all = false)
    {
        lock (gate)
        {
            if (modals.TryGetValue(userId, out var stack) && stack.Count > 0)
            {
                if (all)
                {
                    stack.Clear();
                }
                else
                {
                    stack.RemoveAt(stack.Count - 1);
                }

                Touch();
            }
        }
    }

    public DemoSlackView PublishHome(string userId, JsonObject view)
    {
        lock (gate)
        {
            var id = homes.TryGetValue(userId, out var existing) ? existing.Id : NewViewId();
            var home = new DemoSlackView(id, userId, view, NewHash());
            homes[userId] = home;
            Touch();
            return home;
        }
    }

    public DemoSlackView? Home(string userId)
    {
        lock (gate)
        {
            return homes.TryGetValue(userId, out var home) ? home : null;
        }
    }

    /// <summary>Completes when the workspace changes after <paramref name="version"/> (or at once when it already has).</summary>
    public Task ChangedAfterAsync(long version)
    {
        lock (gate)
        {
            Deliver();
            return Version > version ? Task.CompletedTask : changed.Task;
        }
    }

    /// <summary>Scheduled messages whose time has come are posted (checked whenever the workspace is read).</summary>
    private void Deliver()
    {
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        foreach (var due in scheduled.Where(s => s.PostAt <= now).ToList())
        {
            scheduled.Remove(due);
            messages.Add(new DemoSlackMessage(due.Channel, NextTs(), due.ThreadTs, BotUserId, due.Text, due.Blocks, null, null));
            Touch();
        }
    }

    private void Touch()
    {
        Version++;
        var done = changed;
        changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        done.TrySetResult();
    }

    /// <summary>Slack's message ids are its clock: Unix seconds and six digits, unique and rising.</summary>
    private string NextTs()
    {
        var micros = Math.Max(lastMicros + 1, time.GetUtcNow().ToUnixTimeMilliseconds() * 1000);
        lastMicros = micros;
        return (micros / 1_000_000).ToString(CultureInfo.InvariantCulture) + "." + (micros % 1_000_000).ToString("D6", CultureInfo.InvariantCulture);
    }

    private string NewViewId() => "V0" + Interlocked.Increment(ref sequence).ToString("D8", CultureInfo.InvariantCulture);

    private string NewHash() => time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + "." + Interlocked.Increment(ref sequence).ToString(CultureInfo.InvariantCulture);
}
