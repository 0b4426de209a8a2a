using System.Text;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;

namespace HandoffBot.Storage;

/// <summary>
/// <see cref="HandoffFacts"/> as a few hundred bytes (field <c>bin</c> of a facts document): a hundred
/// thousand of them are read at once to fill the metrics' memory, and as JSON text they took a
/// hundred megabytes of LiteDB pages and most of the second that filling took. Instants keep their
/// offsets and numbers their bits, so what reads back is what was written (a test round-trips every
/// property). Documents written before this format (field <c>json</c>) still read back.
/// </summary>
internal static class FactsCodec
{
    private const byte Version = 1;

    public static byte[] Encode(HandoffFacts f)
    {
        ArgumentNullException.ThrowIfNull(f);
        using var buffer = new MemoryStream(256);
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Version);
            w.Write(f.Id);
            w.Write(f.Account);
            w.Write(f.Ae);
            w.Write(f.Segment);
            w.Write(f.CloseDate.DayNumber);
            Instant(w, f.CreatedAt);
            w.Write((int)f.Stage);
            Maybe(w, f.ContextCompleteAt, Instant);
            Maybe(w, f.AcceptedAt, Instant);
            Maybe(w, f.IntroAt, Instant);
            Maybe(w, f.KickoffAt, Instant);
            Maybe(w, f.CompletenessAtReview, (x, v) => x.Write(v));
            foreach (var days in (ReadOnlySpan<double?>)[f.CloseToContext, f.ContextToAccepted, f.AcceptedToIntro, f.IntroToKickoff, f.CloseToKickoff])
            {
                Maybe(w, days, (x, v) => x.Write(v));
            }

            Many(w, f.Breaches, Breach);
            Maybe(w, f.OpenClock, Breach);
            Many(w, f.Polls, (x, p) =>
            {
                x.Write(p.DayOffset);
                x.Write((int)p.MatchedWhatWasSold);
                x.Write(p.ExpectationsRealistic);
                Maybe(x, p.FirstValueOn, Day);
                x.Write((int)p.ChurnRisk);
                Maybe(x, p.Comment, (y, c) => y.Write(c));
                x.Write(p.By);
                Instant(x, p.At);
            });
            Many(w, f.Rejections, (x, r) =>
            {
                x.Write((int)r.Reason);
                x.Write(r.Comment);
                x.Write(r.By);
                Instant(x, r.At);
            });
            Maybe(w, f.ChurnedOn, Day);
            Maybe(w, f.FirstValueOn, Day);
        }

        return buffer.ToArray();
    }

    /// <summary>Reads what <see cref="Encode"/> wrote; <paramref name="shared"/> turns repeated text (people, segments) into one string each.</summary>
    public static HandoffFacts Decode(byte[] bytes, Func<string, string> shared)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(shared);
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        if (r.ReadByte() is var version && version != Version)
        {
            throw new InvalidDataException($"Stored facts of format {version}; this build reads format {Version}.");
        }

        return new HandoffFacts
        {
            Id = r.ReadString(),
            Account = r.ReadString(),
            Ae = shared(r.ReadString()),
            Segment = shared(r.ReadString()),
            CloseDate = DateOnly.FromDayNumber(r.ReadInt32()),
            CreatedAt = Instant(r),
            Stage = (Stage)r.ReadInt32(),
            ContextCompleteAt = r.ReadBoolean() ? Instant(r) : null,
            AcceptedAt = r.ReadBoolean() ? Instant(r) : null,
            IntroAt = r.ReadBoolean() ? Instant(r) : null,
            KickoffAt = r.ReadBoolean() ? Instant(r) : null,
            CompletenessAtReview = r.ReadBoolean() ? r.ReadInt32() : null,
            CloseToContext = r.ReadBoolean() ? r.ReadDouble() : null,
            ContextToAccepted = r.ReadBoolean() ? r.ReadDouble() : null,
            AcceptedToIntro = r.ReadBoolean() ? r.ReadDouble() : null,
            IntroToKickoff = r.ReadBoolean() ? r.ReadDouble() : null,
            CloseToKickoff = r.ReadBoolean() ? r.ReadDouble() : null,
            Breaches = Many(r, () => Breach(r, shared)),
            OpenClock = r.ReadBoolean() ? Breach(r, shared) : null,
            Polls = Many(r, () => new PollAnswer(
                r.ReadInt32(), (DealMatch)r.ReadInt32(), r.ReadInt32(), r.ReadBoolean() ? Day(r) : null, (Severity)r.ReadInt32(),
                r.ReadBoolean() ? r.ReadString() : null, shared(r.ReadString()), Instant(r))),
            Rejections = Many(r, () => new Rejection((RejectionReason)r.ReadInt32(), r.ReadString(), shared(r.ReadString()), Instant(r))),
            ChurnedOn = r.ReadBoolean() ? Day(r) : null,
            FirstValueOn = r.ReadBoolean() ? Day(r) : null,
        };
    }

    private static void Instant(BinaryWriter w, DateTimeOffset at)
    {
        w.Write(at.Ticks);
        w.Write((short)at.TotalOffsetMinutes);
    }

    private static DateTimeOffset Instant(BinaryReader r)
    {
        var ticks = r.ReadInt64();
        return new DateTimeOffset(ticks, TimeSpan.FromMinutes(r.ReadInt16()));
    }

    private static void Day(BinaryWriter w, DateOnly day) => w.Write(day.DayNumber);

    private static DateOnly Day(BinaryReader r) => DateOnly.FromDayNumber(r.ReadInt32());

    private static void Breach(BinaryWriter w, SlaBreach b)
    {
        w.Write((int)b.Stage);
        w.Write(b.Owner);
        Instant(w, b.DueAt);
    }

    private static SlaBreach Breach(BinaryReader r, Func<string, string> shared)
    {
        var stage = (Stage)r.ReadInt32();
        var owner = shared(r.ReadString());
        return new SlaBreach(stage, owner, Instant(r));
    }

    private static void Maybe<T>(BinaryWriter w, T? value, Action<BinaryWriter, T> write)
        where T : struct
    {
        w.Write(value.HasValue);
        if (value is { } v)
        {
            write(w, v);
        }
    }

    private static void Maybe<T>(BinaryWriter w, T? value, Action<BinaryWriter, T> write)
        where T : class
    {
        w.Write(value is not null);
        if (value is not null)
        {
            write(w, value);
        }
    }

    private static void Many<T>(BinaryWriter w, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        w.Write7BitEncodedInt(items.Count);
        foreach (var item in items)
        {
            write(w, item);
        }
    }

    private static T[] Many<T>(BinaryReader r, Func<T> read)
    {
        var count = r.Read7BitEncodedInt();
        if (count == 0)
        {
            return [];
        }

        var items = new T[count];
        for (var i = 0; i < count; i++)
        {
            items[i] = read();
        }

        return items;
    }
}
