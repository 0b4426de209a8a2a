using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using Npgsql;

namespace HandoffBot.Storage.Postgres;

/// <summary>
/// Metrics and digests counted by PostgreSQL from the facts projection (<c>handoff_facts</c> and its
/// child tables): groups, medians (<c>percentile_cont</c>), churn and breaches are aggregated in SQL and
/// only the results travel; <see cref="DigestBuilder.Assemble"/> words them as the in-memory path does.
/// Handoffs without facts in the calendar in force (written before the projection, or a changed
/// calendar) are projected first.
/// </summary>
public sealed class PostgresMetricsSource(PostgresDatabase db, FactsProjection projection) : IMetricsSource, IFactsLoader
{
    private const int Batch = 500;

    /// <summary>Each facts row in scope with its breaches and early-churn flags as of @asof and @today.</summary>
    private const string Rows = """
        x AS (SELECT f.*, f.breaches_closed + (CASE WHEN f.open_due < @asof THEN 1 ELSE 0 END) AS breaches,
                CASE WHEN f.churned_day - f.close_day <= 90 THEN 1 ELSE 0 END AS c90,
                CASE WHEN f.churned_day - f.close_day <= 90 OR @today - f.close_day >= 90 THEN 1 ELSE 0 END AS e90,
                CASE WHEN f.churned_day - f.close_day <= 180 THEN 1 ELSE 0 END AS c180,
                CASE WHEN f.churned_day - f.close_day <= 180 OR @today - f.close_day >= 180 THEN 1 ELSE 0 END AS e180
              FROM handoff_facts f WHERE (@from::integer IS NULL OR f.close_day >= @from) AND (@to::integer IS NULL OR f.close_day <= @to))
        """;

    private const string Medians = """
        percentile_cont(0.5) WITHIN GROUP (ORDER BY d_close_context), percentile_cont(0.5) WITHIN GROUP (ORDER BY d_context_accepted),
        percentile_cont(0.5) WITHIN GROUP (ORDER BY d_accepted_intro), percentile_cont(0.5) WITHIN GROUP (ORDER BY d_intro_kickoff),
        percentile_cont(0.5) WITHIN GROUP (ORDER BY d_close_kickoff)
        """;

    /// <summary>Deals, churned / known at 90 days, at 180 days: the columns of <see cref="ChurnCell"/>, as of @today.</summary>
    private const string ChurnCells = """
        count(*)::integer,
        count(*) FILTER (WHERE churned_day - close_day <= 90)::integer, count(*) FILTER (WHERE churned_day - close_day <= 90 OR @today - close_day >= 90)::integer,
        count(*) FILTER (WHERE churned_day - close_day <= 180)::integer, count(*) FILTER (WHERE churned_day - close_day <= 180 OR @today - close_day >= 180)::integer
        """;

    public async Task<MetricsReport> MetricsAsync(DateOnly? closedFrom, DateOnly? closedTo, DateTimeOffset asOf, CancellationToken ct = default)
    {
        await RefreshAsync(ct);
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        return await MetricsAsync(connection, closedFrom, closedTo, asOf, ct);
    }

    public async Task<(DigestReport Report, ChartData Chart)> DigestAsync(DateOnly from, DateOnly to, TimeZoneInfo zone, DateTimeOffset asOf, CancellationToken ct = default)
    {
        await RefreshAsync(ct);
        var (start, end) = DigestBuilder.Period(from, to, zone);
        var today = DateOnly.FromDateTime(asOf.UtcDateTime).DayNumber;
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        NpgsqlCommand Query(string sql) => db.Command(connection, sql)
            .With("start", start.ToUnixTimeMilliseconds()).With("end", end.ToUnixTimeMilliseconds())
            .With("asof", asOf.ToUnixTimeMilliseconds()).With("today", today)
            .With("fromday", from.DayNumber).With("today_", to.DayNumber);

        int created;
        await using (var command = Query("SELECT count(*)::integer FROM handoff_facts WHERE created >= @start AND created < @end"))
        {
            created = (int)(await command.ExecuteScalarAsync(ct))!;
        }

        var breaches = new List<BreachCount>();
        await using (var command = Query("""
            SELECT stage, owner, count(*)::integer FROM (
                SELECT stage, owner, due FROM handoff_fact_breaches WHERE due >= @start AND due < @end
                UNION ALL SELECT open_stage, open_owner, open_due FROM handoff_facts WHERE open_due < @asof AND open_due >= @start AND open_due < @end) t
            GROUP BY stage, owner
            """))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                breaches.Add(new BreachCount(Enum.Parse<Stage>(r.GetString(0)), r.GetString(1), r.GetInt32(2)));
            }
        }

        var medians = new List<TransitionMedians>();
        foreach (var (transition, endColumn, daysColumn) in DigestBuilder.Transitions.Zip(
            ["context_at", "accepted_at", "intro_at", "kickoff_at"], ["d_close_context", "d_context_accepted", "d_accepted_intro", "d_intro_kickoff"]))
        {
            var (count, median, bySegment) = (0, (double?)null, new List<(string, double?)>());
            await using var command = Query($"""
                SELECT GROUPING(segment)::integer, segment, count(*)::integer, percentile_cont(0.5) WITHIN GROUP (ORDER BY {daysColumn})
                FROM handoff_facts WHERE {endColumn} >= @start AND {endColumn} < @end AND {daysColumn} IS NOT NULL
                GROUP BY GROUPING SETS ((), (segment))
                """);
            await foreach (var r in ReadAsync(command, ct))
            {
                if (r.GetInt32(0) == 1)
                {
                    (count, median) = (r.GetInt32(2), Double(r, 3));
                }
                else
                {
                    bySegment.Add((r.GetString(1), Double(r, 3)));
                }
            }

            medians.Add(new TransitionMedians(transition.Label, count, median, bySegment));
        }

        var (pollsByAe, pollsBySegment) = (new List<(string, PollSummary)>(), new List<(string, PollSummary)>());
        await using (var command = Query("""
            SELECT GROUPING(f.ae)::integer, f.ae, f.segment, count(*)::integer,
                count(*) FILTER (WHERE p.matched = 'Yes')::integer, count(*) FILTER (WHERE p.matched = 'Partly')::integer, count(*) FILTER (WHERE p.matched = 'No')::integer,
                sum(p.expectations)::integer, count(*) FILTER (WHERE p.first_value)::integer,
                count(*) FILTER (WHERE p.churn_risk = 'Low')::integer, count(*) FILTER (WHERE p.churn_risk = 'Medium')::integer, count(*) FILTER (WHERE p.churn_risk = 'High')::integer
            FROM handoff_fact_polls p JOIN handoff_facts f ON f.id = p.handoff_id
            WHERE p.at >= @start AND p.at < @end
            GROUP BY GROUPING SETS ((f.ae), (f.segment))
            """))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                var summary = Polls(r, 3);
                if (r.GetInt32(0) == 0)
                {
                    pollsByAe.Add((r.GetString(1), summary));
                }
                else
                {
                    pollsBySegment.Add((r.GetString(2), summary));
                }
            }
        }

        var rejections = new List<(RejectionReason, int)>();
        await using (var command = Query("SELECT reason, count(*)::integer FROM handoff_fact_rejections WHERE at >= @start AND at < @end GROUP BY reason"))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                rejections.Add((Enum.Parse<RejectionReason>(r.GetString(0)), r.GetInt32(1)));
            }
        }

        var churned = new List<ChurnedAccount>();
        await using (var command = Query("""
            SELECT account, ae, close_day, churned_day, completeness FROM handoff_facts
            WHERE churned_day >= @fromday AND churned_day <= @today_ AND churned_day - close_day <= 180
            """))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                churned.Add(new ChurnedAccount(r.GetString(0), r.GetString(1), DateOnly.FromDayNumber(r.GetInt32(2)), DateOnly.FromDayNumber(r.GetInt32(3)), r.IsDBNull(4) ? null : r.GetInt32(4)));
            }
        }

        var highRisk = new List<HighRiskAnswer>();
        await using (var command = Query("""
            SELECT DISTINCT ON (p.handoff_id) f.account, f.ae, p.day, p.at
            FROM handoff_fact_polls p JOIN handoff_facts f ON f.id = p.handoff_id
            WHERE p.at >= @start AND p.at < @end AND p.churn_risk = 'High'
            ORDER BY p.handoff_id, p.ordinal
            """))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                highRisk.Add(new HighRiskAnswer(r.GetString(0), r.GetString(1), r.GetInt32(2), Sql.At(r.GetInt64(3))));
            }
        }

        // Completeness against churn, counted per (AE, score) and (segment, score): a few thousand rows, worded in memory.
        var churn = new CompletenessChurn();
        await using (var command = Query($"""
            SELECT GROUPING(ae)::integer, ae, segment, completeness, {ChurnCells} FROM handoff_facts
            GROUP BY GROUPING SETS ((ae, completeness), (segment, completeness))
            """))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                var (score, cell) = (r.IsDBNull(3) ? (int?)null : r.GetInt32(3), Cell(r, 4));
                if (r.GetInt32(0) == 0)
                {
                    churn.AddAe(r.GetString(1), score, cell);
                }
                else
                {
                    churn.AddSegment(r.GetString(2), score, cell);
                }
            }
        }

        var series = new List<ChartSeries>();
        await using (var command = Query($"""
            SELECT segment, {Medians} FROM handoff_facts WHERE close_day > @since AND close_day <= @today_ GROUP BY segment
            """).With("since", to.AddDays(-7 * DigestBuilder.ChartWeeks).DayNumber))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                series.Add(new ChartSeries(r.GetString(0), [Double(r, 1), Double(r, 2), Double(r, 3), Double(r, 4)]));
            }
        }

        var inputs = new DigestInputs
        {
            HandoffCount = created,
            Breaches = breaches,
            Medians = medians,
            PollsByAe = pollsByAe,
            PollsBySegment = pollsBySegment,
            Rejections = rejections,
            Churned = churned,
            HighRisk = highRisk,
            Churn = churn,
            ChartSeries = series,
        };
        return DigestBuilder.Assemble(from, to, inputs);
    }

    public async Task LoadAsync(IReadOnlyList<HandoffFacts> facts, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(facts);
        await using var connection = await db.DataSource.OpenConnectionAsync(ct);
        foreach (var chunk in facts.Chunk(5_000))
        {
            await using var transaction = await connection.BeginTransactionAsync(ct);
            await PostgresFacts.WriteAsync(db, connection, transaction, chunk, projection.CalendarKey, ct);
            await transaction.CommitAsync(ct);
        }
    }

    private async Task<MetricsReport> MetricsAsync(NpgsqlConnection connection, DateOnly? closedFrom, DateOnly? closedTo, DateTimeOffset asOf, CancellationToken ct)
    {
        NpgsqlCommand Query(string sql) => db.Command(connection, sql)
            .With("from", NpgsqlTypes.NpgsqlDbType.Integer, closedFrom?.DayNumber)
            .With("to", NpgsqlTypes.NpgsqlDbType.Integer, closedTo?.DayNumber)
            .With("asof", asOf.ToUnixTimeMilliseconds())
            .With("today", DateOnly.FromDateTime(asOf.UtcDateTime).DayNumber);

        GroupMetrics? overall = null;
        var (byAe, bySegment) = (new List<GroupMetrics>(), new List<GroupMetrics>());
        await using (var command = Query($"""
            WITH {Rows}
            SELECT GROUPING(ae)::integer, GROUPING(segment)::integer, ae, segment, count(*)::integer,
                percentile_cont(0.5) WITHIN GROUP (ORDER BY completeness), avg(completeness)::double precision, {Medians},
                sum(breaches)::integer, sum(poll_answers)::integer, sum(poll_yes)::integer, sum(poll_partly)::integer, sum(poll_no)::integer, sum(poll_expectations)::integer,
                sum(poll_first_value)::integer, sum(poll_low)::integer, sum(poll_medium)::integer, sum(poll_high)::integer,
                sum(c90)::integer, sum(e90)::integer, sum(c180)::integer, sum(e180)::integer
            FROM x GROUP BY GROUPING SETS ((), (ae), (segment))
            """))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                var (groupedAe, groupedSegment) = (r.GetInt32(0), r.GetInt32(1));
                var key = groupedAe == 1 && groupedSegment == 1 ? "all" : groupedAe == 0 ? r.GetString(2) : r.GetString(3);
                var group = new GroupMetrics(
                    key,
                    r.GetInt32(4),
                    Double(r, 5),
                    Double(r, 6),
                    new StageTimes(Double(r, 7), Double(r, 8), Double(r, 9), Double(r, 10), Double(r, 11)),
                    r.IsDBNull(12) ? 0 : r.GetInt32(12),
                    Polls(r, 13),
                    new ChurnRate(Int(r, 22), Int(r, 23)),
                    new ChurnRate(Int(r, 24), Int(r, 25)));
                if (groupedAe == 1 && groupedSegment == 1)
                {
                    overall = group;
                }
                else if (groupedAe == 0)
                {
                    byAe.Add(group);
                }
                else
                {
                    bySegment.Add(group);
                }
            }
        }

        var scores = new List<(int?, ChurnCell)>();
        await using (var command = Query($"WITH {Rows} SELECT completeness, count(*)::integer, sum(c90)::integer, sum(e90)::integer, sum(c180)::integer, sum(e180)::integer FROM x GROUP BY completeness"))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                scores.Add((r.IsDBNull(0) ? null : r.GetInt32(0), Cell(r, 1)));
            }
        }

        var breaches = new List<BreachCount>();
        var scoped = closedFrom is not null || closedTo is not null;
        await using (var command = Query($"""
            WITH {Rows}
            SELECT stage, owner, count(*)::integer FROM (
                SELECT b.stage, b.owner FROM handoff_fact_breaches b {(scoped ? "JOIN x ON x.id = b.handoff_id" : "")}
                UNION ALL SELECT open_stage, open_owner FROM x WHERE open_due < @asof) t
            GROUP BY stage, owner
            """))
        {
            await foreach (var r in ReadAsync(command, ct))
            {
                breaches.Add(new BreachCount(Enum.Parse<Stage>(r.GetString(0)), r.GetString(1), r.GetInt32(2)));
            }
        }

        var empty = new GroupMetrics("all", 0, null, null, new StageTimes(null, null, null, null, null), 0, new PollSummary(0, 0, 0, 0, null, 0, 0, 0, 0), new ChurnRate(0, 0), new ChurnRate(0, 0));
        return new MetricsReport(
            asOf,
            overall ?? empty,
            [.. byAe.OrderBy(g => g.Key, StringComparer.Ordinal)],
            [.. bySegment.OrderBy(g => g.Key, StringComparer.Ordinal)],
            [.. breaches.OrderBy(b => b.Stage).ThenByDescending(b => b.Count).ThenBy(b => b.Owner, StringComparer.Ordinal)],
            CompletenessChurn.BandsOf(scores));
    }

    /// <summary>Projects the handoffs that have no facts in the calendar in force, a batch at a time.</summary>
    private async Task RefreshAsync(CancellationToken ct)
    {
        var key = projection.CalendarKey;
        while (true)
        {
            var handoffs = new List<Handoff>();
            await using (var connection = await db.DataSource.OpenConnectionAsync(ct))
            {
                await using var command = db.Command(connection, $"""
                    SELECT h.id, h.version, h.json FROM handoffs h
                    WHERE NOT EXISTS (SELECT 1 FROM handoff_facts f WHERE f.id = h.id AND f.calendar = @key)
                    LIMIT {Batch}
                    """).With("key", key);
                await foreach (var r in ReadAsync(command, ct))
                {
                    handoffs.Add(HandoffDocuments.Read(r.GetString(0), r.GetString(2), r.GetInt32(1)));
                }

                if (handoffs.Count == 0)
                {
                    return;
                }

                await using var transaction = await connection.BeginTransactionAsync(ct);
                await PostgresFacts.WriteAsync(db, connection, transaction, [.. handoffs.Select(projection.Project)], key, ct);
                await transaction.CommitAsync(ct);
            }

            if (handoffs.Count < Batch)
            {
                return;
            }
        }
    }

    private static PollSummary Polls(NpgsqlDataReader r, int at)
    {
        var answers = Int(r, at);
        return new PollSummary(answers, Int(r, at + 1), Int(r, at + 2), Int(r, at + 3), answers == 0 ? null : (double)Int(r, at + 4) / answers,
            Int(r, at + 5), Int(r, at + 6), Int(r, at + 7), Int(r, at + 8));
    }

    private static ChurnCell Cell(NpgsqlDataReader r, int at) => new(r.GetInt32(at), Int(r, at + 1), Int(r, at + 2), Int(r, at + 3), Int(r, at + 4));

    private static int Int(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? 0 : r.GetInt32(ordinal);

    private static double? Double(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetDouble(ordinal);

    private static async IAsyncEnumerable<NpgsqlDataReader> ReadAsync(NpgsqlCommand command, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return reader;
        }
    }
}
