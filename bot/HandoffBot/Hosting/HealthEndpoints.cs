using HandoffBot.Core.Storage;

namespace HandoffBot.Hosting;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", () => Results.Text("ok"));
        app.MapGet("/readyz", async (IStorageHealth storage, CancellationToken ct) => await storage.IsReachableAsync(ct)
            ? Results.Text("ready")
            : Results.Problem(title: "Not ready", detail: "Storage is not reachable.", statusCode: StatusCodes.Status503ServiceUnavailable));
        return app;
    }

    /// <summary>Problem bodies for every error status, no internals in a 500, enums as words in every JSON answer.</summary>
    public static IServiceCollection AddProblemResponses(this IServiceCollection services) =>
        services
            .AddProblemDetails(o => o.CustomizeProblemDetails = c => c.ProblemDetails.Extensions.Remove("exception"))
            .ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
}
