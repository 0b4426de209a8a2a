using System.Globalization;
using System.Text;
using CsCheck;
using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Tests.Brief;

/// <summary>
/// Properties of the transcript readers: whatever the bytes, they answer (a parse or a clear error,
/// never an exception); and for transcripts generated in every layout they read, every cue's words
/// reach the brief verbatim, in order, with their speaker — merging only ever joins whole cues.
/// </summary>
public sealed class TranscriptReaderPropertyTests
{
    private static readonly string[] Names = ["Dana Ruiz", "Avery Brooks", "Dr. Chen Li", "José Martínez", "Brooks, Avery [Sales]", "Renée O'Hara"];

    private static readonly string[] Words = ["we", "will", "ship", "the", "pilot", "by", "March", "budget", "is", "approved", "SSO", "12", "percent", "net", "sixty", "and", "but", "our", "goal"];

    private static readonly Gen<string> Sentence = Gen.Select(Gen.Int[0, Words.Length - 1].Array[1, 9], Gen.OneOf(".", "?", "!", ",", ""), Gen.Bool)
        .Select((words, end, capital) =>
        {
            var text = string.Join(' ', words.Select(i => Words[i])) + end;
            return capital ? char.ToUpperInvariant(text[0]) + text[1..] : text;
        });

    private static readonly Gen<(int Speaker, string Text)[]> Cues = Gen.Select(Gen.Int[0, Names.Length - 1], Sentence).Array[1, 25];

    [Fact]
    public void GeneratedTranscripts_EveryCueVerbatimInOrderWithItsSpeaker()
    {
        Gen.Select(Cues, Gen.Int[0, 5]).Sample((cues, layout) =>
        {
            var (content, format) = Write(cues, layout);
            var result = SourceReader.Read(new BriefSource("gen", SourceKind.Transcript, format, null, null, content));
            Assert.True(result.Source is not null, $"{result.Error?.Message}\n{content}");
            var s = result.Source!;

            // Walk the utterances: each cue is found, whole and unchanged, at or after the previous one.
            var u = 0;
            var at = 0;
            foreach (var (speaker, text) in cues)
            {
                while (u < s.Utterances.Count && s.TextOf(s.Utterances[u]).IndexOf(text, at, StringComparison.Ordinal) < 0)
                {
                    u++;
                    at = 0;
                }

                Assert.True(u < s.Utterances.Count, $"cue '{text}' lost or changed (layout {layout})\n{content}");
                Assert.Equal(Names[speaker], s.Utterances[u].Speaker);
                at = s.TextOf(s.Utterances[u]).IndexOf(text, at, StringComparison.Ordinal) + text.Length;
            }

            // Nothing invented: the utterances hold the cues' words and nothing else.
            Assert.Equal(Normalize(string.Join(" ", cues.Select(c => c.Text))), Normalize(string.Join(" ", s.Utterances.Select(s.TextOf))));
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void MutatedSamples_NeverThrow_AndEveryUtteranceIsASpanOfTheText()
    {
        var samples = TranscriptSamples.Names().Select(n => TranscriptSamples.Text(n)).ToArray();
        var mutation = Gen.Select(Gen.Int[0, samples.Length - 1], Gen.Int[0, 7], Gen.Int[0, 100_000], Gen.Int[0, 100_000], Gen.String[0, 40]);
        Gen.Select(mutation, Gen.Int[0, 3]).Sample((m, formatIndex) =>
        {
            var (sample, kind, a, b, insert) = m;
            var content = Mutate(samples[sample], kind, a, b, insert);
            var format = (TranscriptFormat)formatIndex;
            var result = SourceReader.Read(new BriefSource("m", SourceKind.Transcript, format, null, null, content));
            _ = TranscriptInspector.Inspect("m", content, format);

            Assert.True(result.Source is not null || result.Error is not null);
            if (result.Source is { } s)
            {
                var end = 0;
                foreach (var u in s.Utterances)
                {
                    Assert.True(u.Start >= end && u.Length > 0 && u.End <= s.Text.Length);
                    Assert.Equal(s.TextOf(u).Trim(), s.TextOf(u));
                    end = u.End;
                }
            }
        }, iter: 5000, threads: 1);
    }

    [Fact]
    public void ArbitraryText_InEveryFormat_NeverThrows()
    {
        Gen.Select(Gen.String[0, 2000], Gen.Int[0, 3], Gen.OneOf("", "WEBVTT\n\n", "1\n00:00:01,000 --> 00:00:02,000\n", "{\"callTranscripts\":", "[{\"speaker\":")).Sample((text, formatIndex, prefix) =>
        {
            var content = prefix + text;
            var result = SourceReader.Read(new BriefSource("x", SourceKind.Transcript, (TranscriptFormat)formatIndex, null, null, content));
            Assert.True(result.Source is not null || result.Error is not null);
        }, iter: 3000, threads: 1);
    }

    [Fact]
    public void GongSpeakerIds_DifferingInTheLastDigit_NeverMixedUp()
    {
        Gen.Select(Gen.ULong[1_000_000_000_000_000_000, 9_999_999_999_999_999_990], Gen.Int[1, 9], Gen.Bool).Sample((baseId, step, asNumber) =>
        {
            var a = baseId.ToString(CultureInfo.InvariantCulture);
            var b = (baseId + (ulong)step).ToString(CultureInfo.InvariantCulture);
            string Id(string id) => asNumber ? id : $"\"{id}\"";
            var json = $$"""
                {"callTranscripts":[{"callId":"1","transcript":[
                  {"speakerId":"{{b}}","sentences":[{"start":1000,"text":"From B."}]},
                  {"speakerId":"{{a}}","sentences":[{"start":2000,"text":"From A."}]}]}],
                 "calls":[{"metaData":{"id":"1"},"parties":[
                  {"speakerId":{{Id(a)}},"name":"Ana","affiliation":"Internal"},
                  {"speakerId":{{Id(b)}},"name":"Ben","affiliation":"External"}]}]}
                """;
            var s = SourceReader.Read(new BriefSource("g", SourceKind.Transcript, TranscriptFormat.Json, null, null, json)).Source!;

            Assert.Equal([("Ben", SpeakerSide.Customer), ("Ana", SpeakerSide.Ours)], s.Utterances.Select(u => (u.Speaker!, u.Side)));
        }, iter: 500, threads: 1);
    }

    /// <summary>The cues in one of the layouts the readers take.</summary>
    private static (string Content, TranscriptFormat Format) Write((int Speaker, string Text)[] cues, int layout)
    {
        var sb = new StringBuilder();
        string Time(int i, string sep) => string.Create(CultureInfo.InvariantCulture, $"00:{i / 60:00}:{i % 60:00}{sep}000");
        switch (layout)
        {
            case 0 or 1 or 2: // WebVTT: Teams voice tags with guid/n-m ids, numbered Zoom prefixes, Graph metadataContent
                sb.Append("WEBVTT\n\n");
                for (var i = 0; i < cues.Length; i++)
                {
                    var (speaker, text) = cues[i];
                    sb.Append(layout switch
                    {
                        0 => $"3f2a/{i}-0\n{Time(i, ".")} --> {Time(i + 1, ".")}\n<v {System.Net.WebUtility.HtmlEncode(Names[speaker])}>{text}</v>\n\n",
                        1 => $"{i + 1}\n{Time(i, ".")} --> {Time(i + 1, ".")}\n{Names[speaker]}: {text}\n\n",
                        _ => $"{Time(i, ".")} --> {Time(i + 1, ".")}\n{{\"speakerName\":{System.Text.Json.JsonSerializer.Serialize(Names[speaker])},\"spokenText\":{System.Text.Json.JsonSerializer.Serialize(text)}}}\n\n",
                    });
                }

                return (sb.ToString(), TranscriptFormat.Vtt);
            case 3: // SRT with "Name:" on every cue
                for (var i = 0; i < cues.Length; i++)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"{i + 1}\n{Time(i, ",")} --> {Time(i + 1, ",")}\n[{Names[cues[i].Speaker]}] {cues[i].Text}\n\n");
                }

                return (sb.ToString(), TranscriptFormat.Srt);
            case 4: // Otter TXT
                for (var i = 0; i < cues.Length; i++)
                {
                    sb.Append(CultureInfo.InvariantCulture, $"{Names[cues[i].Speaker]}  {i / 60}:{i % 60:00}\n{cues[i].Text}\n\n");
                }

                return (sb.ToString(), TranscriptFormat.Text);
            default: // JSON entries
                return (System.Text.Json.JsonSerializer.Serialize(cues.Select((c, i) => new { speaker = Names[c.Speaker], start = i, text = c.Text })), TranscriptFormat.Json);
        }
    }

    private static string Mutate(string text, int kind, int a, int b, string insert)
    {
        if (text.Length == 0)
        {
            return insert;
        }

        int i = a % text.Length, j = b % text.Length;
        var (from, to) = (Math.Min(i, j), Math.Max(i, j));
        return kind switch
        {
            0 => text[..from] + insert + text[from..],          // insert junk
            1 => text[..from] + text[to..],                     // cut a stretch
            2 => text[..to],                                    // truncate
            3 => text[..from] + text[from..to] + text[from..],  // repeat a stretch
            4 => text.Replace("-->", insert.Length > 0 ? insert : "->", StringComparison.Ordinal), // break timings
            5 => text.Replace("\n\n", "\n", StringComparison.Ordinal), // lose blank lines
            6 => text[..from] + (char)(text[from] ^ (1 + (b % 31))) + text[(from + 1)..], // flip a character
            _ => string.Concat(text.Split('\n').Reverse().Select(l => l + "\n")), // lines reversed
        };
    }

    private static string Normalize(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
