using HandoffBot.Admin;

namespace HandoffBot.Cards;

public static class CardEndpoints
{
    /// <summary>
    /// <c>GET /api/cards</c>: every template, whether an override is in force, what the last reload of the
    /// overrides found and the cards that fell back lately. <c>POST /api/cards/reload</c>: read the
    /// override folder again now (422 with the reasons when a file was refused). Both need the admin key.
    /// </summary>
    public static IEndpointRouteBuilder MapCards(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/cards").AddEndpointFilter<AdminKeyFilter>();
        api.MapGet("", (CardTemplates templates, CardProblems problems) => Results.Ok(new
        {
            overridePath = templates.OverridePath,
            templates = CardTemplates.Names.Select(n => new { name = n, overridden = templates.IsOverridden(n) }),
            overrides = templates.Overrides,
            fallbacks = problems.Count,
            recentFallbacks = problems.Recent,
        }));
        api.MapPost("/reload", (CardTemplates templates) =>
        {
            if (templates.OverridePath is null)
            {
                return Results.Problem(title: "No override folder", detail: "Set Cards__OverridePath to a folder of templates laid out like cards/.", statusCode: StatusCodes.Status409Conflict);
            }

            var results = templates.Reload();
            return results.Any(r => !r.InForce)
                ? Results.Json(new { title = "Some overrides were refused; the shipped cards stay for those", overrides = results }, statusCode: StatusCodes.Status422UnprocessableEntity)
                : Results.Ok(new { overrides = results });
        });
        return app;
    }
}
