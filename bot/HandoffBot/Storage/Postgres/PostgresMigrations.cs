namespace HandoffBot.Storage.Postgres;

/// <summary>
/// The schema, as numbered steps applied in order at start-up (<see cref="PostgresDatabase"/>), each in
/// its own transaction and recorded in <c>schema_migrations</c>. A step is never edited once released:
/// changes are new steps. Identifiers compare exactly (PostgreSQL's <c>=</c> and unique indexes on
/// text are byte-exact under the deterministic collations a database is created with); emails are
/// stored lower-case. Times are Unix milliseconds, as in the LiteDB file.
/// </summary>
public static class PostgresMigrations
{
    public sealed record Step(int Version, string Description, string Sql);

    public static IReadOnlyList<Step> All { get; } =
    [
        new(1, "handoffs, jobs, people, deliveries, Teams conversations and activities, settings, charts, Slack channel slots, change counters", """
            CREATE TABLE handoffs (
                id text PRIMARY KEY,
                crm_id text NOT NULL CONSTRAINT handoffs_crm_id_key UNIQUE,
                account text NOT NULL,
                stage text NOT NULL,
                owner text NOT NULL,
                version integer NOT NULL,
                updated bigint NOT NULL,
                json text NOT NULL);
            CREATE INDEX handoffs_stage ON handoffs (stage);
            CREATE INDEX handoffs_owner ON handoffs (owner);
            CREATE INDEX handoffs_updated ON handoffs (updated DESC);

            CREATE TABLE jobs (
                id text PRIMARY KEY,
                kind text NOT NULL,
                handoff_id text,
                due bigint NOT NULL,
                key text NOT NULL CONSTRAINT jobs_key_key UNIQUE,
                payload text,
                status text NOT NULL,
                attempts integer NOT NULL DEFAULT 0,
                deferrals integer NOT NULL DEFAULT 0,
                error text,
                lease bigint,
                created bigint NOT NULL,
                finished bigint,
                grp text);
            CREATE INDEX jobs_pending_due ON jobs (due) WHERE status = 'Pending';
            CREATE INDEX jobs_running_lease ON jobs (lease) WHERE status = 'Running';
            CREATE INDEX jobs_handoff ON jobs (handoff_id);
            CREATE INDEX jobs_group_pending ON jobs (grp) WHERE status = 'Pending';
            CREATE INDEX jobs_status_due ON jobs (status, due);

            CREATE TABLE people (
                email text PRIMARY KEY,
                slack_id text,
                teams_id text,
                json text NOT NULL);

            CREATE TABLE deliveries (
                key text PRIMARY KEY,
                state text NOT NULL,
                since bigint NOT NULL,
                tries integer NOT NULL DEFAULT 1,
                platform text,
                conversation text,
                message_id text);
            CREATE INDEX deliveries_state ON deliveries (state);

            CREATE TABLE teams_conversations (
                id text PRIMARY KEY,
                kind text NOT NULL,
                service_url text NOT NULL,
                tenant_id text,
                user_id text,
                aad_id text,
                email text,
                team_id text,
                reference text NOT NULL);
            CREATE INDEX teams_conversations_user ON teams_conversations (user_id);
            CREATE INDEX teams_conversations_aad ON teams_conversations (aad_id);
            CREATE INDEX teams_conversations_email ON teams_conversations (email);
            CREATE INDEX teams_conversations_team ON teams_conversations (team_id);
            CREATE INDEX teams_conversations_tenant ON teams_conversations (tenant_id);

            CREATE TABLE teams_activities (
                key text PRIMARY KEY,
                at bigint NOT NULL,
                response text,
                finished boolean NOT NULL);
            CREATE INDEX teams_activities_at ON teams_activities (at);

            CREATE TABLE settings (key text PRIMARY KEY, value text NOT NULL);

            CREATE TABLE charts (id text PRIMARY KEY, png bytea NOT NULL, csv text, created bigint NOT NULL);
            CREATE INDEX charts_created ON charts (created);

            CREATE TABLE slack_channel_slots (channel text PRIMARY KEY, next_at bigint NOT NULL);

            CREATE TABLE changes (topic text PRIMARY KEY, version bigint NOT NULL);
            """),
        new(2, "the facts projection metrics and digests are counted from: one row per handoff, its breaches, poll answers and rejections", """
            CREATE TABLE handoff_facts (
                id text PRIMARY KEY,
                calendar text NOT NULL,
                account text NOT NULL,
                ae text NOT NULL,
                segment text NOT NULL,
                close_day integer NOT NULL,
                created bigint NOT NULL,
                stage text NOT NULL,
                context_at bigint,
                accepted_at bigint,
                intro_at bigint,
                kickoff_at bigint,
                completeness integer,
                d_close_context double precision,
                d_context_accepted double precision,
                d_accepted_intro double precision,
                d_intro_kickoff double precision,
                d_close_kickoff double precision,
                churned_day integer,
                first_value_day integer,
                open_stage text,
                open_owner text,
                open_due bigint,
                breaches_closed integer NOT NULL,
                poll_answers integer NOT NULL,
                poll_yes integer NOT NULL,
                poll_partly integer NOT NULL,
                poll_no integer NOT NULL,
                poll_expectations integer NOT NULL,
                poll_first_value integer NOT NULL,
                poll_low integer NOT NULL,
                poll_medium integer NOT NULL,
                poll_high integer NOT NULL);
            CREATE INDEX handoff_facts_calendar ON handoff_facts (calendar);
            CREATE INDEX handoff_facts_close ON handoff_facts (close_day);
            CREATE INDEX handoff_facts_created ON handoff_facts (created);
            CREATE INDEX handoff_facts_context ON handoff_facts (context_at);
            CREATE INDEX handoff_facts_accepted ON handoff_facts (accepted_at);
            CREATE INDEX handoff_facts_intro ON handoff_facts (intro_at);
            CREATE INDEX handoff_facts_kickoff ON handoff_facts (kickoff_at);
            CREATE INDEX handoff_facts_churned ON handoff_facts (churned_day) WHERE churned_day IS NOT NULL;
            CREATE INDEX handoff_facts_open_due ON handoff_facts (open_due) WHERE open_due IS NOT NULL;

            CREATE TABLE handoff_fact_breaches (handoff_id text NOT NULL, stage text NOT NULL, owner text NOT NULL, due bigint NOT NULL);
            CREATE INDEX handoff_fact_breaches_handoff ON handoff_fact_breaches (handoff_id);
            CREATE INDEX handoff_fact_breaches_due ON handoff_fact_breaches (due);

            CREATE TABLE handoff_fact_polls (
                handoff_id text NOT NULL, ordinal integer NOT NULL, day integer NOT NULL, matched text NOT NULL, expectations integer NOT NULL,
                first_value boolean NOT NULL, churn_risk text NOT NULL, at bigint NOT NULL);
            CREATE INDEX handoff_fact_polls_handoff ON handoff_fact_polls (handoff_id);
            CREATE INDEX handoff_fact_polls_at ON handoff_fact_polls (at);

            CREATE TABLE handoff_fact_rejections (handoff_id text NOT NULL, reason text NOT NULL, at bigint NOT NULL);
            CREATE INDEX handoff_fact_rejections_handoff ON handoff_fact_rejections (handoff_id);
            CREATE INDEX handoff_fact_rejections_at ON handoff_fact_rejections (at);
            """),
    ];
}
