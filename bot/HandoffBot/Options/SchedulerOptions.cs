using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Options;

/// <summary>Section "Scheduler": the durable job runner.</summary>
public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    /// <summary>Run due jobs in the background. Tests turn it off and drive the runner themselves.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Attempts before a job is marked failed and reported.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 10;

    /// <summary>First retry delay; doubles per attempt up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    [Range(1, 86_400)]
    public int RetryDelaySeconds { get; set; } = 30;

    /// <summary>Longest retry delay; also the longest a job is put off when a platform asks for a longer Retry-After.</summary>
    [Range(1, 86_400)]
    public int MaxRetryDelaySeconds { get; set; } = 3600;

    /// <summary>How long a running job is leased; a job still running after this (a crash) is picked up again.</summary>
    [Range(5, 86_400)]
    public int LeaseSeconds { get; set; } = 300;

    /// <summary>Longest sleep between looks at the job table (new jobs from this process wake it at once).</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 30;

    [Range(1, 1000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// Jobs of one batch run at once (jobs of one handoff still one after another, in due order). 1 (the
    /// default on LiteDB) runs them in turn, as one writer prefers; unset on PostgreSQL it is
    /// <see cref="PostgresConcurrency"/>: jobs side by side share the database's round trips and group commit (docs/benchmarks.md).
    /// </summary>
    [Range(1, 64)]
    public int Concurrency { get; set; } = 1;

    /// <summary>What <see cref="Concurrency"/> is on PostgreSQL when it is not set.</summary>
    public const int PostgresConcurrency = 8;

    /// <summary>
    /// A message whose platform call was cut off (crash, timeout) may or may not have arrived. Slack is
    /// asked (the message's key is in its metadata) whatever this says. For a platform that cannot be
    /// asked (Teams): unset or true (default) sends it again (at least once); false does not and fails
    /// the job visibly (listed, audited, reported). Before outbound calls were reserved at the send
    /// itself, false was the default; kept so existing configurations still start.
    /// </summary>
    public bool? ResendInDoubt { get; set; }
}
