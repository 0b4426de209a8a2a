namespace HandoffBot.Core.Handoffs;

/// <summary>A command the domain refuses. Nothing changed when this is thrown.</summary>
public abstract class DomainException(string code, string message) : Exception(message)
{
    /// <summary>Stable machine-readable reason, e.g. "wrong-stage", "not-allowed".</summary>
    public string Code { get; } = code;
}

/// <summary>The move is not legal in the handoff's current state.</summary>
public sealed class HandoffRuleException(string code, string message) : DomainException(code, message);

/// <summary>The actor may not do this to this handoff.</summary>
public sealed class NotAllowedException(string message) : DomainException("not-allowed", message);

/// <summary>Input to a command failed validation; each error names its field.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldError> errors)
    : DomainException("invalid", "Some fields are not valid: " + string.Join(", ", errors.Select(e => e.Field)))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

public sealed record FieldError(string Field, string Message);
