using Npgsql;
using NpgsqlTypes;

namespace HandoffBot.Storage.Postgres;

/// <summary>Small helpers that keep the SQL in the stores readable.</summary>
internal static class Sql
{
    public static NpgsqlCommand With(this NpgsqlCommand command, string name, object? value)
    {
        command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    public static NpgsqlCommand With(this NpgsqlCommand command, string name, NpgsqlDbType type, object? value)
    {
        command.Parameters.Add(new NpgsqlParameter(name, type) { Value = value ?? DBNull.Value });
        return command;
    }

    public static string? Text(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    public static long? Long(this NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetInt64(ordinal);

    public static DateTimeOffset At(long unixMs) => DateTimeOffset.FromUnixTimeMilliseconds(unixMs);

    /// <summary>True when <paramref name="ex"/> broke the unique constraint <paramref name="constraint"/>.</summary>
    public static bool IsUnique(this PostgresException ex, string constraint) =>
        ex.SqlState == PostgresErrorCodes.UniqueViolation && ex.ConstraintName == constraint;
}
