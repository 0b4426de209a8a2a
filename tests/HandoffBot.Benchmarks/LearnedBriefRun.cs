using System.Diagnostics;
using System.Globalization;
using HandoffBot.Ai;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Brief.Learned;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Benchmarks;

/// <summary>
/// `--brief-learned [runs]`: the offline draft as the product makes it — MiniLM sentence embeddings
/// and the trained classifier — on a one-hour call (~10,000 words, <see cref="BriefBenchmarks.HourLongCall"/>).
/// The encoder and model are loaded once (as the app does, one shared instance) and timed apart;
/// then each draft's wall and CPU time, how many sentences were embedded, and the process's peak
/// resident memory (VmHWM) are printed. Targets (issue 14): under 3 s a draft on 2 cores, under 300 MB peak.
/// </summary>
public static class LearnedBriefRun
{
    public static int Run(int runs)
    {
        Console.WriteLine(Invariant($"before loading: peak RSS {PeakRssMb()} MB"));
        var load = Stopwatch.StartNew();
        using var encoder = new MiniLmEncoder();
        var model = BriefModel.Embedded() ?? throw new InvalidOperationException("No trained brief model is embedded.");
        var counting = new CountingEncoder(encoder);
        var extractor = new OfflineBriefExtractor(TimeProvider.System, SourceReader.DefaultMaxChars, counting, model);
        if (!extractor.Learned)
        {
            throw new InvalidOperationException("The embedded model does not fit the encoder.");
        }

        var vtt = BriefBenchmarks.HourLongCall(10_000);
        var words = vtt.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries).Length;
        var request = new BriefRequest([new BriefSource("hour.vtt", SourceKind.Transcript, TranscriptFormat.Vtt, DateTimeOffset.UnixEpoch, null, vtt)], new DealHints { SellerNames = ["Avery Brooks"] });
        Console.WriteLine(Invariant($"load: encoder + model {load.ElapsedMilliseconds} ms; {words} words incl. cue timings; peak RSS so far {PeakRssMb()} MB, now {Rss("VmRSS:")} MB, managed heap {GC.GetTotalMemory(false) / 1048576} MB"));

        using var process = Process.GetCurrentProcess();
        for (var run = 0; run <= runs; run++)
        {
            counting.Sentences = 0;
            counting.Calls = 0;
            counting.Elapsed = TimeSpan.Zero;
            process.Refresh();
            var cpu = process.TotalProcessorTime;
            var allocated = GC.GetTotalAllocatedBytes();
            var wall = Stopwatch.StartNew();
            var draft = extractor.Extract(request);
            wall.Stop();
            process.Refresh();
            var items = draft.Commitments.Count + draft.Goals.Count + draft.SuccessCriteria.Count + draft.Stakeholders.Count + draft.Risks.Count + draft.SpecialTerms.Count;
            Console.WriteLine(Invariant($"{(run == 0 ? "first draft" : $"draft {run}")}: {wall.ElapsedMilliseconds} ms wall, {(process.TotalProcessorTime - cpu).TotalMilliseconds:0} ms CPU; {counting.Sentences} sentences embedded in {counting.Calls} call(s) taking {counting.Elapsed.TotalMilliseconds:0} ms wall; {items} items; peak RSS {PeakRssMb()} MB, now {Rss("VmRSS:")} MB, managed heap {GC.GetTotalMemory(false) / 1048576} MB ({(GC.GetTotalAllocatedBytes() - allocated) / 1048576} MB allocated); load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        }

        Console.WriteLine(Invariant($"after a full collection: managed heap {GC.GetTotalMemory(true) / 1048576} MB live"));
        return 0;
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    /// <summary>The process's peak resident set (VmHWM), the figure the 300 MB target is about.</summary>
    private static long PeakRssMb() => Rss("VmHWM:");

    private static long Rss(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field, StringComparison.Ordinal));
        return line is null ? -1 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
    }

    private sealed class CountingEncoder(ISentenceEncoder inner) : ISentenceEncoder
    {
        public int Sentences { get; set; }

        public int Calls { get; set; }

        public TimeSpan Elapsed { get; set; }

        public string Name => inner.Name;

        public int Dimensions => inner.Dimensions;

        public float[][] Encode(IReadOnlyList<string> sentences, CancellationToken ct = default)
        {
            Sentences += sentences.Count;
            Calls++;
            var clock = Stopwatch.StartNew();
            var vectors = inner.Encode(sentences, ct);
            Elapsed += clock.Elapsed;
            return vectors;
        }
    }
}
