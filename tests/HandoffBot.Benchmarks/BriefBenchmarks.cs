using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Benchmarks;

/// <summary>
/// The offline extractor on a one-hour call: a WebVTT transcript of about 10,000 words, built by
/// replaying the dev set's real call transcripts (speakers, phrasing, traps) with running cue times.
/// Target (issue 7): under 200 ms for the whole draft — parse, sentences, rules, grounding.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(InProcessConfig))]
public class BriefBenchmarks
{
    private BriefRequest hourCall = null!;
    private BriefRequest intakeSizedNote = null!;
    private OfflineBriefExtractor extractor = null!;

    public static int Words { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        var vtt = HourLongCall(10_000);
        Words = vtt.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        hourCall = new BriefRequest([new BriefSource("hour.vtt", SourceKind.Transcript, TranscriptFormat.Vtt, DateTimeOffset.UnixEpoch, null, vtt)], new DealHints { SellerNames = ["Avery Brooks"] });
        intakeSizedNote = new BriefRequest([new BriefSource("big-note", SourceKind.Note, TranscriptFormat.Text, null, "Avery Brooks", Notes(1_000_000))], DealHints.None);
        extractor = new OfflineBriefExtractor(TimeProvider.System);
    }

    [Benchmark(Description = "offline draft, 1-hour call (~10k words)")]
    public BriefDraft HourCall() => extractor.Extract(hourCall);

    [Benchmark(Description = "parse only, 1-hour call")]
    public ParsedSource? ParseHourCall() => SourceReader.Read(hourCall.Sources[0]).Source;

    [Benchmark(Description = "offline draft, 1 MiB note (intake limit)")]
    public BriefDraft IntakeSizedNote() => extractor.Extract(intakeSizedNote);

    /// <summary>The dev set's WebVTT calls, cue after cue, re-timed, until the transcript has <paramref name="words"/> words.</summary>
    public static string HourLongCall(int words)
    {
        var cues = Directory.EnumerateFiles(DevSet(), "*.vtt").Order(StringComparer.Ordinal)
            .Select(f => SourceReader.Read(new BriefSource(f, SourceKind.Transcript, TranscriptFormat.Vtt, null, null, File.ReadAllText(f))).Source!)
            .SelectMany(s => s.Utterances.Select(u => (u.Speaker, Text: s.TextOf(u))))
            .ToList();
        var sb = new StringBuilder("WEBVTT\n\n");
        var at = TimeSpan.Zero;
        var count = 0;
        for (var i = 0; count < words; i++)
        {
            var (speaker, text) = cues[i % cues.Count];
            var length = TimeSpan.FromSeconds(Math.Max(2, text.Length / 15));
            sb.Append(Time(at)).Append(" --> ").Append(Time(at + length)).Append('\n')
                .Append("<v ").Append(speaker ?? "Speaker 1").Append('>').Append(text).Append("</v>\n\n");
            at += length;
            count += text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        }

        return sb.ToString();
    }

    private static string Notes(int chars)
    {
        var lines = Directory.EnumerateFiles(DevSet(), "*.txt").SelectMany(File.ReadAllLines).Where(l => l.Length > 0).ToList();
        var sb = new StringBuilder();
        for (var i = 0; sb.Length < chars; i++)
        {
            sb.Append(lines[i % lines.Count]).Append('\n');
        }

        return sb.ToString(0, chars);
    }

    private static string Time(TimeSpan t) => t.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);

    private static string DevSet()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var candidate = Path.Combine(d.FullName, "tests", "brief-devset");
                if (Directory.Exists(candidate))
                {
                    return candidate;
                }
            }
        }

        throw new DirectoryNotFoundException("tests/brief-devset");
    }
}

/// <summary>
/// In-process: BenchmarkDotNet's generated boilerplate project would inherit the repository's
/// warnings-as-errors and analyzers and fail to build.
/// </summary>
public sealed class InProcessConfig : ManualConfig
{
    public InProcessConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(15));
}
