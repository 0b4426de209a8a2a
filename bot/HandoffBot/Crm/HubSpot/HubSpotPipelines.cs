using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;

namespace HandoffBot.Crm.HubSpot;

/// <summary>
/// Which deal stages are won, per pipeline, from HubSpot's own stage metadata (closed with
/// probability 1.0) — never from the stage id, which is <c>closedwon</c> only in the default
/// pipeline. Read once and kept for <see cref="HubSpotOptions.PipelineCacheSeconds"/>.
/// </summary>
public sealed class HubSpotPipelines(HubSpotApiClient api, IOptions<HubSpotOptions> options, TimeProvider time)
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private (DateTimeOffset At, IReadOnlyDictionary<string, bool> WonByStage)? cached;

    /// <summary>Stage id → won; stage ids are unique across a portal's deal pipelines.</summary>
    public async Task<IReadOnlyDictionary<string, bool>> StagesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        if (cached is { } c && now - c.At < TimeSpan.FromSeconds(options.Value.PipelineCacheSeconds))
        {
            return c.WonByStage;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (cached is { } again && now - again.At < TimeSpan.FromSeconds(options.Value.PipelineCacheSeconds))
            {
                return again.WonByStage;
            }

            var answer = await api.GetAsync("crm/v3/pipelines/deals", ct);
            var stages = new Dictionary<string, bool>(StringComparer.Ordinal);
            foreach (var pipeline in answer.Arr("results")?.OfType<JsonObject>() ?? [])
            {
                foreach (var stage in pipeline.Arr("stages")?.OfType<JsonObject>() ?? [])
                {
                    if (stage.Str("id") is { } id)
                    {
                        stages[id] = IsWon(stage.Obj("metadata"));
                    }
                }
            }

            cached = (now, stages);
            return stages;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>A won stage is closed and certain: isClosed "true" and probability 1.0.</summary>
    public static bool IsWon(JsonObject? metadata) =>
        string.Equals(metadata.Str("isClosed"), "true", StringComparison.OrdinalIgnoreCase)
        && decimal.TryParse(metadata.Str("probability"), NumberStyles.Number, CultureInfo.InvariantCulture, out var p)
        && p == 1m;
}
