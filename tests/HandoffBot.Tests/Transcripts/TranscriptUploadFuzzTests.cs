using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using HandoffBot.Core.Handoffs;
using Microsoft.Extensions.DependencyInjection;

namespace HandoffBot.Tests.Transcripts;

/// <summary>
/// 5,000 upload requests built from the real and documented-shape samples, mutated (cut, repeated,
/// junk inserted, timings broken, bytes flipped, truncated, wrapped in JSON or a form, sent with
/// mismatched types and parameters): never a 5xx, and the handoff either gains exactly the
/// transcript that was sent (one audit entry) or stays exactly as it was.
/// </summary>
public sealed class TranscriptUploadFuzzTests : IAsyncLifetime
{
    private static readonly string?[] ContentTypes =
    [
        null, "text/vtt", "text/plain", "application/json", "application/x-subrip", "application/octet-stream",
        "application/x-www-form-urlencoded", "text/vtt; charset=utf-8", "multipart/form-data", "image/png", "application/problem+json", ";;;",
    ];

    private static readonly string[] Queries =
    [
        "", "?format=vtt", "?format=srt", "?format=json", "?format=text", "?format=docx", "?filename=call.vtt", "?filename=call.srt",
        "?filename=..%2F..%2Fx.json", "?id=call-1", "?id=../x", "?recordedAt=2026-10-20T15:00:00Z", "?recordedAt=never", "?id=call-1&format=vtt",
    ];

    private TranscriptWorld world = null!;

    public async Task InitializeAsync() => world = await TranscriptWorld.StartAsync(
        settings: new Dictionary<string, string?> { ["Transcripts:MaxUploadBytes"] = "100000" },
        services: s => s.AddSingleton(new SourceLimit(100_000)));

    public async Task DisposeAsync() => await world.DisposeAsync();

    [Fact]
    public async Task MutatedUploads_NeverServerErrors_NeverHalfStored()
    {
        var samples = TranscriptWorld.SampleNames().Select(TranscriptWorld.Sample).ToArray();
        var store = world.App.Get<IHandoffStore>();
        using var client = world.App.AdminClient();
        var statuses = new Dictionary<HttpStatusCode, int>();
        string handoff = await world.NewHandoffAsync();
        var sent = 0;
        var cases = Gen.Select(
            Gen.Select(Gen.Int[0, samples.Length - 1], Gen.Int[0, 9], Gen.Int[0, 1_000_000], Gen.Int[0, 1_000_000], Gen.String[0, 30]),
            Gen.Int[0, ContentTypes.Length - 1],
            Gen.Int[0, Queries.Length - 1],
            Gen.Int[0, 5]);

        await cases.SampleAsync(async sample =>
        {
            var ((which, mutation, a, b, junk), typeIndex, queryIndex, wrap) = sample;
            if (sent++ % 200 == 0)
            {
                handoff = await world.NewHandoffAsync(); // keep each stored handoff small
            }

            var text = Mutate(samples[which], mutation, a, b, junk);
            var (content, rawText) = Body(text, wrap, ContentTypes[typeIndex], a);
            var before = await store.GetAsync(handoff);

            using var response = await client.PostAsync($"/api/handoffs/{handoff}/transcripts{Queries[queryIndex]}", content);

            var status = (int)response.StatusCode;
            statuses[response.StatusCode] = statuses.GetValueOrDefault(response.StatusCode) + 1;
            Assert.True(status < 500, $"{status} for wrap {wrap}, type {ContentTypes[typeIndex]}, query {Queries[queryIndex]}:\n{text[..Math.Min(300, text.Length)]}");
            var after = (await store.GetAsync(handoff))!;
            var kept = after.Transcripts.Take(before!.Transcripts.Count).ToList();
            Assert.Equal(before.Transcripts, kept);
            if (response.StatusCode == HttpStatusCode.Created)
            {
                var added = Assert.Single(after.Transcripts.Skip(before.Transcripts.Count));
                Assert.Equal(before.Audit.Count + 1, after.Audit.Count);
                if (rawText is not null)
                {
                    Assert.Equal(rawText, added.Content); // stored exactly as sent, nothing lost or rewritten
                }
            }
            else
            {
                Assert.Equal(before.Transcripts.Count, after.Transcripts.Count);
                Assert.Equal(before.Audit.Count, after.Audit.Count);
            }
        }, iter: 5000, threads: 1);

        Assert.True(sent >= 5000);
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.Created) > 100, string.Join(", ", statuses));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.BadRequest) > 100, string.Join(", ", statuses));
        Assert.True(statuses.GetValueOrDefault(HttpStatusCode.UnprocessableEntity) > 0, string.Join(", ", statuses));
    }

    /// <summary>The request body: the file itself, in JSON, in a form, or the Gong form; and the text it should be stored as, when that is known exactly.</summary>
    private static (HttpContent Content, string? Stored) Body(string text, int wrap, string? contentType, int seed)
    {
        switch (wrap)
        {
            case 1: // {"content": …}
                return (Typed(Encoding.UTF8.GetBytes(new JsonObject { ["content"] = text, ["format"] = seed % 3 == 0 ? "vtt" : null }.ToJsonString()), "application/json"), null);
            case 2: // a form with the file
            {
                var form = new MultipartFormDataContent();
                form.Add(new StringContent(text), "file", seed % 2 == 0 ? "call.vtt" : "call.txt");
                return (form, null);
            }

            case 3: // Gong, well or badly formed
                return (Typed(Encoding.UTF8.GetBytes((seed % 4) switch
                {
                    0 => $$"""{"gongCallId": "{{seed}}"}""",
                    1 => $$"""{"gongCallId": {{seed}}}""",
                    2 => $$"""{"gongCallId": "{{text[..Math.Min(text.Length, 30)].Replace("\"", "", StringComparison.Ordinal).Replace("\\", "", StringComparison.Ordinal)}}"}""",
                    _ => """{"gongCallId": null, "content": 5}""",
                }), "application/json"), null);
            case 4: // bytes that are not UTF-8 in places
            {
                var bytes = Encoding.UTF8.GetBytes(text);
                if (bytes.Length > 0)
                {
                    bytes[seed % bytes.Length] = (byte)(0x80 | (seed & 0x7F));
                }

                return (Typed(bytes, contentType), null);
            }

            default: // the file as it is
                return (Typed(Encoding.UTF8.GetBytes(text), contentType), contentType is "multipart/form-data" ? null : text);
        }
    }

    private static ByteArrayContent Typed(byte[] bytes, string? contentType)
    {
        var content = new ByteArrayContent(bytes);
        if (contentType is not null)
        {
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        return content;
    }

    private static string Mutate(string text, int kind, int a, int b, string junk)
    {
        if (text.Length == 0)
        {
            return junk;
        }

        int i = a % text.Length, j = b % text.Length;
        var (from, to) = (Math.Min(i, j), Math.Max(i, j));
        return kind switch
        {
            0 => text,
            1 => text[..from] + junk + text[from..],
            2 => text[..from] + text[to..],
            3 => text[..to],
            4 => text[..from] + text[from..to] + text[from..],
            5 => text.Replace("-->", junk.Length > 0 ? junk : "- >", StringComparison.Ordinal),
            6 => text.Replace("\n\n", "\n", StringComparison.Ordinal),
            7 => text[..from] + (char)(text[from] ^ (1 + (b % 31))) + text[(from + 1)..],
            8 => text.Replace("\"", "", StringComparison.Ordinal),
            _ => string.Concat(text.Split('\n').Reverse().Select(l => l + "\n")),
        };
    }
}
