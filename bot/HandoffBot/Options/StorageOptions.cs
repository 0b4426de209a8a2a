using System.ComponentModel.DataAnnotations;

namespace HandoffBot.Options;

/// <summary>Section "Storage".</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string Section = "Storage";

    public const string LiteDb = "litedb";
    public const string Postgres = "postgres";

    /// <summary><c>litedb</c> (one process, one file; the default) or <c>postgres</c> (any number of instances on one database).</summary>
    [Required]
    public string Provider { get; set; } = LiteDb;

    /// <summary>The LiteDB file; relative paths are relative to the working directory. Created on first run.</summary>
    [Required]
    public string Path { get; set; } = "./data/handoffbot.db";

    /// <summary>PostgreSQL: an Npgsql connection string (<c>Host=…;Database=…;Username=…;Password=…</c>). A secret: environment or secret store.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>PostgreSQL: how often each instance looks for changes other instances announced (playbook reloads, people), besides LISTEN/NOTIFY.</summary>
    [Range(1, 3600)]
    public int PollSeconds { get; set; } = 30;

    public bool IsPostgres => string.Equals(Provider, Postgres, StringComparison.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IsPostgres && !string.Equals(Provider, LiteDb, StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult($"'{Provider}' is not a storage provider: use '{LiteDb}' (the default) or '{Postgres}'.", [nameof(Provider)]);
        }

        if (IsPostgres && string.IsNullOrWhiteSpace(ConnectionString))
        {
            yield return new ValidationResult("Storage__Provider=postgres needs Storage__ConnectionString (e.g. Host=db;Database=handoffbot;Username=handoffbot;Password=…).", [nameof(ConnectionString)]);
        }
    }
}
