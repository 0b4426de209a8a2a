using System.Text.Json.Nodes;
using HandoffBot.Cli;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;
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
        Assert.Contains(items, i => i!["source"]!.GetValue<string>() == "teams_vtt_download-shape.vtt" && i["speaker"]!.GetValue<string>() == "Dana Ruiz");
        // The Teams metadata-content shape's items are a success criterion and a payment term the shipped thresholds do not show; its spoken text is read.
        var teams = SourceReader.Read(new BriefSource("t", SourceKind.Transcript, TranscriptFormat.Vtt, null, null, await File.ReadAllTextAsync(Path.Combine(TranscriptWorld.SamplesFolder, "teams_metadatacontent_graph-shape.vtt")))).Source!;
        Assert.Contains("Success for us is late deliveries below three percent by March.", teams.Text, StringComparison.Ordinal);
    }
}
