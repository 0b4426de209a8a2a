using LiteDB;

namespace HandoffBot.Storage;

/// <summary>Query helpers that keep LiteDB's compiled-expression cache bounded.</summary>
internal static class Queries
{
    /// <summary>
    /// <c>field = value</c> with the value as a parameter. LiteDB's <c>Query.EQ</c> writes the value
    /// into the expression text, and every distinct text is compiled to IL and cached for the life of
    /// the process: per idempotency key or CRM id, that is a millisecond of compiling and a leak.
    /// Standalone only: <c>Query.And</c>/<c>Query.Or</c> combine expression texts and drop parameters.
    /// </summary>
    public static BsonExpression Eq(string field, BsonValue value) => BsonExpression.Create(field + " = @0", value);
}
