using HandoffBot.Core.Handoffs;

namespace HandoffBot.Hosting;

/// <summary>RFC 9457 problem responses, so every client error says what was wrong in the same shape.</summary>
public static class Problems
{
    public static IResult Validation(IEnumerable<FieldError> errors, string title = "Some fields are not valid.") =>
        Results.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: title,
            statusCode: StatusCodes.Status400BadRequest);

    public static IResult Unauthorized(string detail) =>
        Results.Problem(title: "Unauthorized", detail: detail, statusCode: StatusCodes.Status401Unauthorized);

    public static IResult TooLarge(int maxBytes) =>
        Results.Problem(title: "Payload too large", detail: $"The body must be at most {maxBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);

    public static IResult NotFound(string detail) =>
        Results.Problem(title: "Not found", detail: detail, statusCode: StatusCodes.Status404NotFound);

    public static IResult BadRequest(string detail) =>
        Results.Problem(title: "Bad request", detail: detail, statusCode: StatusCodes.Status400BadRequest);

    /// <summary>A refused domain command: 403 for "not allowed", 409 for a move the state forbids, 400 for bad input.</summary>
    public static IResult From(DomainException ex)
    {
        ArgumentNullException.ThrowIfNull(ex);
        return ex switch
        {
            ValidationFailedException v => Validation(v.Errors, v.Message),
            NotAllowedException => Results.Problem(title: "Not allowed", detail: ex.Message, statusCode: StatusCodes.Status403Forbidden),
            Core.Application.HandoffNotFoundException => NotFound(ex.Message),
            _ => Results.Problem(title: "Not possible now", detail: ex.Message, statusCode: StatusCodes.Status409Conflict,
                extensions: new Dictionary<string, object?> { ["code"] = ex.Code }),
        };
    }
}
