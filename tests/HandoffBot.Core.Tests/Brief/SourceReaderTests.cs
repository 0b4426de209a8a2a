using HandoffBot.Core.Brief.Sources;
using HandoffBot.Core.Handoffs;
using static HandoffBot.Core.Tests.Brief.Sources;

namespace HandoffBot.Core.Tests.Brief;

public sealed class SourceReaderTests
{
    [Fact]
    public void Vtt_VoiceTags_GiveSpeakerOffsetAndTextWithoutTags()
    {
        var s = Parse(Transcript("WEBVTT\n\nNOTE exported\n\n1\n00:12:41.500 --> 00:12:45.000\n<v Dana Ruiz>We need <b>this</b> live &amp; stable.</v>\n", TranscriptFormat.Vtt));

        var u = Assert.Single(s.Utterances);
        Assert.Equal("Dana Ruiz", u.Speaker);
        Assert.Equal(new TimeSpan(0, 0, 12, 41, 500), u.Offset);
        Assert.Equal("We need this live & stable.", s.TextOf(u));
    }

    [Fact]
    public void Vtt_ZoomStyleNamePrefix_IsTheSpeaker()
    {
        var s = Parse(Transcript("WEBVTT\n\n00:00:01.000 --> 00:00:03.000\nLars Eriksen: Hi, Lars here.\n", TranscriptFormat.Vtt));

        Assert.Equal("Lars Eriksen", s.Utterances[0].Speaker);
        Assert.Equal("Hi, Lars here.", s.TextOf(s.Utterances[0]));
    }

    [Fact]
    public void Vtt_OneBrokenCueOfMany_IsSkippedAndReportedWithItsLine()
    {
        var result = SourceReader.Read(Transcript("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v A>One.\n\n00:00:0x.000 --> 00:00:03.000\n<v A>Two.\n\n00:00:04.000 --> 00:00:05.000\n<v A>Three.\n", TranscriptFormat.Vtt));

        Assert.NotNull(result.Source);
        Assert.Equal(2, result.Source.Utterances.Count);
        Assert.Contains("1 of 3 cues skipped", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("line 6", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vtt_MostlyBrokenTimings_IsRefusedWithAClearError()
    {
        var result = SourceReader.Read(Transcript("WEBVTT\n\n00:00:05.000 --> 00:00:01.000\n<v A>ends before it starts\n\n1:2:3 -> 4\n<v A>nonsense\n", TranscriptFormat.Vtt));

        Assert.Null(result.Source);
        Assert.Contains("ends before it starts", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Vtt_DeclaredButSrtContent_NamesTheRealFormat()
    {
        var result = SourceReader.Read(Transcript("1\n00:00:01,000 --> 00:00:02,000\nDana: hi\n", TranscriptFormat.Vtt));

        Assert.Null(result.Source);
        Assert.Contains("is not WebVTT", result.Error!.Message, StringComparison.Ordinal);
        Assert.Contains("looks like SRT", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Srt_BracketSpeakerAndUnnamedContinuation_KeepTheSpeaker()
    {
        var s = Parse(Transcript("1\n00:00:01,000 --> 00:00:02,000\n[Dr. Felix Wagner] First.\n\n2\n00:00:02,500 --> 00:00:04,000\nSecond.\n", TranscriptFormat.Srt));

        Assert.All(s.Utterances, u => Assert.Equal("Dr. Felix Wagner", u.Speaker));
        Assert.Equal(TimeSpan.FromSeconds(2.5), s.Utterances[1].Offset);
    }

    [Theory]
    [InlineData("[00:12:41] Dana Ruiz: We need it.", "Dana Ruiz", 761)]
    [InlineData("Dana Ruiz (12:41): We need it.", "Dana Ruiz", 761)]
    [InlineData("Dana Ruiz: We need it.", "Dana Ruiz", -1)]
    public void Plain_SpeakerLineForms_GiveSpeakerAndTime(string line, string speaker, int seconds)
    {
        var s = Parse(Transcript(line));

        Assert.Equal(speaker, s.Utterances[0].Speaker);
        Assert.Equal(seconds < 0 ? null : TimeSpan.FromSeconds(seconds), s.Utterances[0].Offset);
        Assert.Equal("We need it.", s.TextOf(s.Utterances[0]));
    }

    [Fact]
    public void Plain_OtterHeaders_StartTurnsAndLinesBelowAreTheirText()
    {
        var s = Parse(Transcript("Olivia Chen  0:02\nHello there.\n\nJake Morrison  0:06\nHi.\nSecond line.\n"));

        // Every line is an utterance of its turn, so no quote joins two (trimmed) lines.
        Assert.Equal(["Olivia Chen", "Jake Morrison", "Jake Morrison"], s.Utterances.Select(u => u.Speaker));
        Assert.Equal("Second line.", s.TextOf(s.Utterances[2]));
        Assert.Equal(TimeSpan.FromSeconds(6), s.Utterances[2].Offset);
    }

    [Fact]
    public void Json_ArrayAndWrappedForms_AreRead()
    {
        var plain = Parse(Transcript("""[{"speaker":"Dana","start":3.5,"text":"Hello."}]""", TranscriptFormat.Json));
        var wrapped = Parse(Transcript("""{"utterances":[{"speaker":{"name":"Dana"},"start_time":"00:01:02","transcript":"Hello."}]}""", TranscriptFormat.Json));

        Assert.Equal(TimeSpan.FromSeconds(3.5), plain.Utterances[0].Offset);
        Assert.Equal("Dana", wrapped.Utterances[0].Speaker);
        Assert.Equal(TimeSpan.FromSeconds(62), wrapped.Utterances[0].Offset);
    }

    [Theory]
    [InlineData("""[{"speaker":"Dana","start":1,"text":"Hi"}""", "is not valid JSON")]
    [InlineData("""{"meeting":"x"}""", "not a transcript")]
    [InlineData("""[{"speaker":"Dana"}]""", "no readable entries")]
    public void Json_Malformed_GivesAClearError(string content, string message)
    {
        var result = SourceReader.Read(Transcript(content, TranscriptFormat.Json));

        Assert.Null(result.Source);
        Assert.Contains(message, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Text_DeclaredButWebVtt_IsSniffedAndRead()
    {
        var s = Parse(Transcript("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Dana>Hi there.\n"));

        Assert.Equal("Dana", s.Utterances[0].Speaker);
    }

    [Fact]
    public void Text_StartingWithBracketedTime_IsNotMistakenForJson()
    {
        var s = Parse(Transcript("[00:00:05] Jordan Kim: Hey all."));

        Assert.Equal("Jordan Kim", s.Utterances[0].Speaker);
    }

    [Fact]
    public void Note_Html_IsTextOneLinePerBlockWithoutScripts()
    {
        var s = Parse(Note("<html><head><style>p{}</style></head><body><p>Budget is <b>tight</b> &amp; fixed.</p><script>alert(1)</script><ul><li>Net 60</li><li>SLA: 99.9%</li></ul></body></html>"));

        var lines = s.Utterances.Select(s.TextOf).ToList();
        Assert.Equal(["Budget is tight & fixed.", "Net 60", "SLA: 99.9%"], lines);
        Assert.All(s.Utterances, u => Assert.Equal("Avery Brooks", u.Speaker));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("   \n\t ", "is empty")]
    [InlineData("PK\u0003\u0004\0\0\u0014binary", "binary")]
    public void EmptyOrBinary_GivesAPerSourceError(string content, string message)
    {
        var result = SourceReader.Read(Transcript(content));

        Assert.Null(result.Source);
        Assert.Contains(message, result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TooLarge_IsRefusedWithTheLimit()
    {
        var result = SourceReader.Read(Note(new string('a', 5_001)), maxChars: 5_000);

        Assert.Null(result.Source);
        Assert.Contains("too large (5,001 characters; at most 5,000)", result.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Undecodable_ManyReplacementCharacters_IsBinary()
    {
        Assert.True(SourceReader.LooksBinary(new string('\uFFFD', 50) + "text"));
        Assert.False(SourceReader.LooksBinary("Ça coûte 5 € — naïve café."));
    }
}
