using HandoffBot.Core.Metrics;
using Npgsql;
using NpgsqlTypes;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// Writes handoffs' facts (<see cref="HandoffFacts"/>) into <c>handoff_facts</c> and its three child tables,
/// many in one round trip; inside the caller's transaction (the handoff's save, a re-projection, a bulk load).
/// </summary>
internal static class PostgresFacts
{
    private const string Columns = "id, calendar, account, ae, segment, close_day, created, stage, context_at, accepted_at, intro_at, kickoff_at, completeness, "
        + "d_close_context, d_context_accepted, d_accepted_intro, d_intro_kickoff, d_close_kickoff, churned_day, first_value_day, open_stage, open_owner, open_due, "
        + "breaches_closed, poll_answers, poll_yes, poll_partly, poll_no, poll_expectations, poll_first_value, poll_low, poll_medium, poll_high";

    private static readonly string Updates = string.Join(", ", Columns.Split(", ").Skip(1).Select(c => $"{c} = EXCLUDED.{c}"));

    public static async Task WriteAsync(PostgresDatabase db, NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<HandoffFacts> facts, string calendar, CancellationToken ct)
    {
        if (facts.Count == 0)
        {
            return;
        }

        var breaches = facts.SelectMany(f => f.Breaches.Select(b => (f.Id, b))).ToList();
        var polls = facts.SelectMany(f => f.Polls.Select((p, i) => (f.Id, i, p))).ToList();
        var rejections = facts.SelectMany(f => f.Rejections.Select(r => (f.Id, r))).ToList();
        await using var command = db.Command(connection, $"""
            DELETE FROM handoff_fact_breaches WHERE handoff_id = ANY(@id);
            DELETE FROM handoff_fact_polls WHERE handoff_id = ANY(@id);
            DELETE FROM handoff_fact_rejections WHERE handoff_id = ANY(@id);
            INSERT INTO handoff_facts ({Columns})
            SELECT * FROM unnest(@id, @calendar, @account, @ae, @segment, @close, @created, @stage, @context, @accepted, @intro, @kickoff, @completeness,
                @d1, @d2, @d3, @d4, @d5, @churned, @firstvalue, @openstage, @openowner, @opendue,
                @nbreaches, @nanswers, @nyes, @npartly, @nno, @nexpectations, @nfirst, @nlow, @nmedium, @nhigh)
            ON CONFLICT (id) DO UPDATE SET {Updates};
            INSERT INTO handoff_fact_breaches (handoff_id, stage, owner, due) SELECT * FROM unnest(@bid, @bstage, @bowner, @bdue);
            INSERT INTO handoff_fact_polls (handoff_id, ordinal, day, matched, expectations, first_value, churn_risk, at)
            SELECT * FROM unnest(@pid, @pord, @pday, @pmatched, @pexp, @pfirst, @prisk, @pat);
            INSERT INTO handoff_fact_rejections (handoff_id, reason, at) SELECT * FROM unnest(@rid, @rreason, @rat);
            """, transaction);
        Text(command, "id", facts.Select(f => f.Id));
        Text(command, "calendar", facts.Select(_ => calendar));
        Text(command, "account", facts.Select(f => f.Account));
        Text(command, "ae", facts.Select(f => f.Ae));
        Text(command, "segment", facts.Select(f => f.Segment));
        command.With("close", NpgsqlDbType.Array | NpgsqlDbType.Integer, facts.Select(f => f.CloseDate.DayNumber).ToArray());
        command.With("created", NpgsqlDbType.Array | NpgsqlDbType.Bigint, facts.Select(f => f.CreatedAt.ToUnixTimeMilliseconds()).ToArray());
        Text(command, "stage", facts.Select(f => f.Stage.ToString()));
        Instant(command, "context", facts.Select(f => f.ContextCompleteAt));
        Instant(command, "accepted", facts.Select(f => f.AcceptedAt));
        Instant(command, "intro", facts.Select(f => f.IntroAt));
        Instant(command, "kickoff", facts.Select(f => f.KickoffAt));
        command.With("completeness", NpgsqlDbType.Array | NpgsqlDbType.Integer, facts.Select(f => f.CompletenessAtReview).ToArray());
        Days(command, "d1", facts.Select(f => f.CloseToContext));
        Days(command, "d2", facts.Select(f => f.ContextToAccepted));
        Days(command, "d3", facts.Select(f => f.AcceptedToIntro));
        Days(command, "d4", facts.Select(f => f.IntroToKickoff));
        Days(command, "d5", facts.Select(f => f.CloseToKickoff));
        command.With("churned", NpgsqlDbType.Array | NpgsqlDbType.Integer, facts.Select(f => f.ChurnedOn?.DayNumber).ToArray());
        command.With("firstvalue", NpgsqlDbType.Array | NpgsqlDbType.Integer, facts.Select(f => f.FirstValueOn?.DayNumber).ToArray());
        Text(command, "openstage", facts.Select(f => f.OpenClock?.Stage.ToString()));
        Text(command, "openowner", facts.Select(f => f.OpenClock?.Owner));
        Instant(command, "opendue", facts.Select(f => f.OpenClock?.DueAt));
        // Per-handoff counts ride on the row, so the whole-portfolio measures need no join.
        Count(command, "nbreaches", facts, f => f.Breaches.Count);
        Count(command, "nanswers", facts, f => f.Polls.Count);
        Count(command, "nyes", facts, f => f.Polls.Count(p => p.MatchedWhatWasSold == Core.Handoffs.DealMatch.Yes));
        Count(command, "npartly", facts, f => f.Polls.Count(p => p.MatchedWhatWasSold == Core.Handoffs.DealMatch.Partly));
        Count(command, "nno", facts, f => f.Polls.Count(p => p.MatchedWhatWasSold == Core.Handoffs.DealMatch.No));
        Count(command, "nexpectations", facts, f => f.Polls.Sum(p => p.ExpectationsRealistic));
        Count(command, "nfirst", facts, f => f.Polls.Count(p => p.FirstValueOn is not null));
        Count(command, "nlow", facts, f => f.Polls.Count(p => p.ChurnRisk == Core.Handoffs.Severity.Low));
        Count(command, "nmedium", facts, f => f.Polls.Count(p => p.ChurnRisk == Core.Handoffs.Severity.Medium));
        Count(command, "nhigh", facts, f => f.Polls.Count(p => p.ChurnRisk == Core.Handoffs.Severity.High));
        Text(command, "bid", breaches.Select(b => b.Id));
        Text(command, "bstage", breaches.Select(b => b.b.Stage.ToString()));
        Text(command, "bowner", breaches.Select(b => b.b.Owner));
        command.With("bdue", NpgsqlDbType.Array | NpgsqlDbType.Bigint, breaches.Select(b => b.b.DueAt.ToUnixTimeMilliseconds()).ToArray());
        Text(command, "pid", polls.Select(p => p.Id));
        command.With("pord", NpgsqlDbType.Array | NpgsqlDbType.Integer, polls.Select(p => p.i).ToArray());
        command.With("pday", NpgsqlDbType.Array | NpgsqlDbType.Integer, polls.Select(p => p.p.DayOffset).ToArray());
        Text(command, "pmatched", polls.Select(p => p.p.MatchedWhatWasSold.ToString()));
        command.With("pexp", NpgsqlDbType.Array | NpgsqlDbType.Integer, polls.Select(p => p.p.ExpectationsRealistic).ToArray());
        command.With("pfirst", NpgsqlDbType.Array | NpgsqlDbType.Boolean, polls.Select(p => p.p.FirstValueOn is not null).ToArray());
        Text(command, "prisk", polls.Select(p => p.p.ChurnRisk.ToString()));
        command.With("pat", NpgsqlDbType.Array | NpgsqlDbType.Bigint, polls.Select(p => p.p.At.ToUnixTimeMilliseconds()).ToArray());
        Text(command, "rid", rejections.Select(r => r.Id));
        Text(command, "rreason", rejections.Select(r => r.r.Reason.ToString()));
        command.With("rat", NpgsqlDbType.Array | NpgsqlDbType.Bigint, rejections.Select(r => r.r.At.ToUnixTimeMilliseconds()).ToArray());
        await command.ExecuteNonQueryAsync(ct);
    }

    private static void Count(NpgsqlCommand command, string name, IReadOnlyList<HandoffFacts> facts, Func<HandoffFacts, int> count) =>
        command.With(name, NpgsqlDbType.Array | NpgsqlDbType.Integer, facts.Select(count).ToArray());

    private static void Text(NpgsqlCommand command, string name, IEnumerable<string?> values) =>
        command.With(name, NpgsqlDbType.Array | NpgsqlDbType.Text, values.ToArray());

    private static void Instant(NpgsqlCommand command, string name, IEnumerable<DateTimeOffset?> values) =>
        command.With(name, NpgsqlDbType.Array | NpgsqlDbType.Bigint, values.Select(v => v?.ToUnixTimeMilliseconds()).ToArray());

    private static void Days(NpgsqlCommand command, string name, IEnumerable<double?> values) =>
        command.With(name, NpgsqlDbType.Array | NpgsqlDbType.Double, values.ToArray());
}
