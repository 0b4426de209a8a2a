using System.Text.Json.Nodes;
using HandoffBot.Cli;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.Options;

namespace HandoffBot.Tests.Brief;

/// <summary>The brief and eval-brief verbs, run as the command line runs them.</summary>
public sealed class BriefCliTests : IDisposable
{
    private readonly HandoffBotApp app = new();
    private readonly string dir = Directory.CreateTempSubdirectory("brief-cli").FullName;

    public void Dispose()
    {
        app.Dispose();
        Directory.Delete(dir, recursive: true);
    }

    private async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await app.Get<CliRunner>().RunAsync(args, output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task Brief_GoodAndBadFiles_PrintsTheDraftAndAnErrorPerBadFile()
    {
        var call = Path.Combine(dir, "call.vtt");
        await File.WriteAllTextAsync(call, BriefDeals.Call);
        var empty = Path.Combine(dir, "empty.srt");
        await File.WriteAllTextAsync(empty, "");
        var binary = Path.Combine(dir, "scan.txt");
        await File.WriteAllBytesAsync(binary, [0x25, 0x50, 0x44, 0x46, 0x00, 0xFF, 0xFE, 0x00, 0x01, 0x02]);
        var huge = Path.Combine(dir, "huge.vtt");
        await using (var stream = File.Create(huge))
        {
            stream.SetLength(50L * 1024 * 1024); // a 50 MB file: refused by size before it is read
        }

        var (code, output, error) = await RunAsync("brief", call, empty, binary, huge, "--seller", "Avery Brooks", "--date", "2026-05-03");

        Assert.Equal(1, code);
        var json = JsonNode.Parse(output)!;
        // The learned layer shows this call's open risk with its speaker and time (commitments are switched off: docs/ai-brief.md).
        Assert.Contains(json["risks"]!.AsArray(), r => r!["speaker"]!.GetValue<string>() == "Dana Ruiz" && r["timestamp"]!.GetValue<string>() == "12:56");
        var errors = json["errors"]!.AsArray().Select(e => e!["sourceId"]!.GetValue<string>()).ToList();
        Assert.Equal(["empty.srt", "huge.vtt", "scan.txt"], errors.Order(StringComparer.Ordinal));
        Assert.Contains("huge.vtt is too large (50.0 MB", error, StringComparison.Ordinal);
        Assert.Contains("empty.srt", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Brief_NoFiles_IsAUsageError()
    {
        var (code, _, error) = await RunAsync("brief");

        Assert.Equal(2, code);
        Assert.Contains("Usage: brief", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalBrief_DevSet_PrintsScoresAndMeetsTheFloor()
    {
        // The learned layer switches some kinds off (docs/ai-brief.md), so the per-kind targets are not the
        // check here; its micro F1 on this team-written set (0.55 when trained) is held to a floor.
        var folder = FindDevSet();

        var (code, output, _) = await RunAsync("eval-brief", folder, "--floor", "0.5", "--verbose");

        Assert.Equal(0, code);
        Assert.Contains("commitments", output, StringComparison.Ordinal);
        Assert.Matches(@"risks\s+\d\.\d\d\s+\d\.\d\d\s+\d\.\d\d\s+0\.80", output);
    }

    [Fact]
    public async Task EvalBrief_TargetsMissed_CheckExitsOne()
    {
        await File.WriteAllTextAsync(Path.Combine(dir, "x.txt"), "Dana Ruiz: Hello.\nAvery Brooks: Hi there.\nDana Ruiz: Bye.\nAvery Brooks: Bye.");
        await File.WriteAllTextAsync(Path.Combine(dir, "x.labels.json"), """{"risks":[{"category":"budget","severity":"high","description":"x","quote":"Hello."}]}""");

        var (code, output, _) = await RunAsync("eval-brief", dir, "--check");

        Assert.Equal(1, code);
        Assert.Contains("1 labelled source(s)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EvalBrief_MissingFolder_IsAUsageError()
    {
        Assert.Equal(2, (await RunAsync("eval-brief", Path.Combine(dir, "nope"))).Code);
    }

    [Fact]
    public void Startup_EndpointWithoutModel_FailsWithWhatToSet()
    {
        using var broken = new HandoffBotApp(settings: new Dictionary<string, string?> { ["Ai:Endpoint"] = "http://127.0.0.1:9/v1/" });

        var ex = Assert.ThrowsAny<Exception>(() => broken.Services.GetService(typeof(IOptions<HandoffBot.Ai.AiOptions>)) is IOptions<HandoffBot.Ai.AiOptions> o ? o.Value : null);

        Assert.Contains("Set both Ai:Endpoint and Ai:Model", ex.ToString(), StringComparison.Ordinal);
    }

    private static string FindDevSet()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var candidate = Path.Combine(d.FullName, "tests", "brief-devset");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("tests/brief-devset");
    }
}
