using System.Text.Json.Nodes;
using HandoffBot.Cli;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests.Transcripts;

/// <summary>`dotnet run --project bot/HandoffBot -- brief &lt;file&gt;` on every transcript format.</summary>
public sealed class BriefCommandTranscriptTests : IDisposable
{
    private readonly HandoffBotApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task Brief_EveryTranscriptSample_IsReadWithoutAnError()
    {
        var files = TranscriptWorld.SampleNames().Select(n => Path.Combine(TranscriptWorld.SamplesFolder, n)).ToArray();
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await app.Get<CliRunner>().RunAsync(["brief", .. files, "--seller", "Avery Brooks"], output, error, CancellationToken.None);

        Assert.True(code == 0, error.ToString());
        var draft = JsonNode.Parse(output.ToString())!;
        Assert.Empty(draft["errors"]?.AsArray() ?? []);
        var items = new[] { "commitments", "goals", "successCriteria", "stakeholders", "risks", "specialTerms" }.SelectMany(k => draft[k]!.AsArray()).ToList();
        Assert.Contains(items, i => i!["source"]!.GetValue<string>() == "gong_call_transcript-and-parties.json" && i["speaker"]!.GetValue<string>() == "Dana Ruiz");
        Assert.Contains(items, i => i!["source"]!.GetValue<string>() == "teams_metadatacontent_graph-shape.vtt");
    }
}
