using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.FakeGong;
using HandoffBot.Gong;
using HandoffBot.Tests.Storage.Contract;

namespace HandoffBot.Tests.Transcripts;

/// <summary>
/// Transcripts on PostgreSQL, through HTTP as on LiteDB (<see cref="TranscriptUploadTests"/>, <see cref="GongTests"/>):
/// an upload stored on the handoff re-drafts the brief from it; a Gong call is pulled by the durable job,
/// which a Gong outage puts off (retried, visible) without losing it; a second instance on the database reads it all.
/// </summary>
public sealed class PostgresTranscriptTests : IAsyncLifetime, IPostgresBackend
{
    private PostgresSchema schema = null!;
    private TranscriptWorld world = null!;

    public async Task InitializeAsync()
    {
        schema = new PostgresSchema();
        world = await TranscriptWorld.StartAsync(schema.Settings);
    }

    public async Task DisposeAsync()
    {
        await world.DisposeAsync();
        schema.Dispose();
    }

    private async Task<HttpResponseMessage> PostAsync(string id, HttpContent content, string query = "")
    {
        using var client = world.App.AdminClient();
        return await client.PostAsync($"/api/handoffs/{id}/transcripts{query}", content);
    }

    [BackendFact]
    public async Task Upload_StoredOnTheHandoff_RedraftsTheBrief_ReadByAnotherInstance()
    {
        var id = await world.NewHandoffAsync();
        var vtt = TranscriptWorld.Sample("teams_vtt_download-shape.vtt");
        using var content = new ByteArrayContent(Encoding.UTF8.GetBytes(vtt));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("text/vtt");

        using var response = await PostAsync(id, content, "?id=discovery-call");
        await world.App.RunJobsAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        await using var other = await TranscriptWorld.StartAsync(schema.Settings, gong: false);
        var stored = (await other.App.Get<IHandoffStore>().GetAsync(id))!;
        Assert.Equal(vtt, Assert.Single(stored.Transcripts).Content);
        Assert.Equal(new TranscriptAdded("discovery-call", TranscriptFormat.Vtt, vtt.Length), stored.Audit.Single(a => a.Change is TranscriptAdded).Change);
        Assert.Contains(stored.Draft!.Goals, g => g.Evidence.SourceId == "discovery-call" && g.Evidence.Speaker == "Dana Ruiz");
        Assert.Equal(1, schema.Scalar<long>($"SELECT count(*) FROM handoffs WHERE id = '{id}' AND strpos(json, 'discovery-call') > 0"));
    }

    [BackendFact]
    public async Task GongCall_OutageRetried_ThenPulledOnce()
    {
        var id = await world.NewHandoffAsync();
        world.Gong.Fail("*", new FakeGongFailure(503));
        using (var queued = await PostAsync(id, new StringContent($$"""{"gongCallId": "{{TranscriptWorld.SampleCallId}}"}""", Encoding.UTF8, "application/json")))
        {
            Assert.Equal(HttpStatusCode.Accepted, queued.StatusCode);
        }

        await world.App.RunJobsAsync();
        var job = Assert.Single(await world.App.Get<IJobStore>().ListAsync(JobStatus.Pending, id, 100), j => j.Kind == GongTranscriptJob.Kind);
        Assert.Equal(1, job.Attempts);
        Assert.Contains("Gong answered 503", job.LastError, StringComparison.Ordinal);
        Assert.Empty((await world.App.Get<IHandoffStore>().GetAsync(id))!.Transcripts);

        world.Gong.ClearFailures();
        world.App.Time.Advance(TimeSpan.FromMinutes(5));
        await world.App.RunJobsAsync();

        var stored = (await world.App.Get<IHandoffStore>().GetAsync(id))!;
        Assert.Equal("gong-7782342274025937895", Assert.Single(stored.Transcripts).Id);
        Assert.Equal(GongTranscriptJob.Actor, stored.Audit.Single(a => a.Change is TranscriptAdded).Actor);
        Assert.Equal(JobStatus.Done, Assert.Single(await world.App.Get<IJobStore>().ListAsync(null, id, 100), j => j.Kind == GongTranscriptJob.Kind).Status);
        using var admin = world.App.AdminClient();
        var detail = (await admin.GetFromJsonAsync<JsonObject>($"/api/handoffs/{id}/transcripts/gong-7782342274025937895"))!;
        Assert.Contains(detail["transcript"]!["speakers"]!.AsArray(), s => s!["name"]!.GetValue<string>() == "Dana Ruiz");
    }
}
