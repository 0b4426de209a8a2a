using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.Scheduling;
using HandoffBot.Tests.Support;
using Microsoft.Extensions.DependencyInjection;

namespace HandoffBot.Tests;

/// <summary>Deal in → AE asked → CS brief → accept, through HTTP and the durable job runner, on fake platforms.</summary>
public sealed class NotificationFlowTests : IDisposable
{
    private readonly RecordingNotifier teams = new(ChatPlatform.Teams);
    private readonly RecordingNotifier slack = new(ChatPlatform.Slack);
    private readonly HandoffBotApp app;

    public NotificationFlowTests()
    {
        app = new HandoffBotApp
        {
            ConfigureTestServices = services =>
            {
                services.AddSingleton<IChatNotifier>(teams);
                services.AddSingleton<IChatNotifier>(slack);
            },
        };
    }

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task NewDeal_AeOnTeams_GetsContextRequest()
    {
        var id = await PostAsync(Deals.Minimal());

        Assert.Equal(1, await app.RunJobsAsync());

        var delivery = Assert.Single(teams.Deliveries);
        Assert.Equal(Deals.Ae, delivery.To);
        var request = Assert.IsType<ContextRequestNotification>(delivery.Notification);
        Assert.Contains(ContextField.Risks, request.Completeness.Missing);
        Assert.Equal(delivery.MessageId, (await app.Get<IHandoffStore>().GetAsync(id))!.Messages[MessageKeys.ContextRequest].MessageId);
    }

    [Fact]
    public async Task Submitted_BriefGoesToCsLeadOnSlack_AcceptUpdatesItInPlace()
    {
        var deal = Deals.Complete();
        deal.Remove("csmEmail");
        var id = await PostAsync(deal);
        await app.RunJobsAsync();
        var service = app.Get<HandoffService>();

        await service.SubmitContextAsync(id, Deals.Ae);
        await app.RunJobsAsync();
        await service.AcceptAsync(id, Deals.Csm);
        await app.RunJobsAsync();

        var brief = Assert.Single(slack.Deliveries, d => d.How == "person" && d.Notification is BriefNotification);
        Assert.Equal(Deals.CsLead, brief.To);
        var update = Assert.Single(slack.Deliveries, d => d.How == "update");
        Assert.Equal(brief.MessageId, update.To);
        Assert.Equal(Stage.InternalHandoff, Assert.IsType<BriefNotification>(update.Notification).Handoff.Stage);
    }

    [Fact]
    public async Task Question_GoesToAe_AnswerThreadsUnderBrief()
    {
        var id = await PostAsync(Deals.Complete());
        var service = app.Get<HandoffService>();
        await service.SubmitContextAsync(id, Deals.Ae);
        await app.RunJobsAsync();

        var (_, question) = await service.AskAeAsync(id, Deals.Csm, "Which SSO provider?");
        await app.RunJobsAsync();
        await service.AnswerAsync(id, Deals.Ae, question.Id, "Okta");
        await app.RunJobsAsync();

        Assert.Single(teams.Of<QuestionNotification>());
        var reply = Assert.Single(slack.Deliveries, d => d.How == "reply");
        Assert.Equal("Okta", Assert.IsType<AnswerNotification>(reply.Notification).Question.Answer);
    }

    [Fact]
    public async Task PlatformDown_JobRetriesWithBackoff_ThenDelivers()
    {
        teams.FailWith = new HttpRequestException("connector unreachable");
        var id = await PostAsync(Deals.Minimal());

        await app.RunJobsAsync();
        var pending = Assert.Single(await app.Get<IJobStore>().ListAsync(JobStatus.Pending, id, 10), j => j.Kind == NotificationPlanner.ContextRequest);
        Assert.Equal(1, pending.Attempts);
        Assert.Contains("connector unreachable", pending.LastError, StringComparison.Ordinal);
        Assert.Empty(teams.Deliveries);

        teams.FailWith = null;
        app.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal(0, await app.RunJobsAsync());
        app.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, await app.RunJobsAsync());

        Assert.Single(teams.Deliveries);
    }

    [Fact]
    public async Task PlatformDownForGood_JobFailsVisiblyAfterMaxAttempts()
    {
        teams.FailWith = new HttpRequestException("connector unreachable");
        var id = await PostAsync(Deals.Minimal());

        for (var i = 0; i < 12; i++)
        {
            await app.RunJobsAsync();
            app.Time.Advance(TimeSpan.FromHours(1));
        }

        var failed = Assert.Single(await app.Get<IJobStore>().ListAsync(JobStatus.Failed, id, 10));
        Assert.Equal(10, failed.Attempts);
        using var admin = app.AdminClient();
        var listed = await admin.GetFromJsonAsync<JsonArray>("/api/jobs?status=failed");
        Assert.Single(listed!, j => j!["handoffId"]?.GetValue<string>() == id);
    }

    [Fact]
    public async Task StageMovedOnBeforeJobRan_StaleContextRequestIsNotSent()
    {
        var id = await PostAsync(Deals.Complete());
        await app.Get<HandoffService>().SubmitContextAsync(id, Deals.Ae);

        await app.RunJobsAsync();

        Assert.Empty(teams.Of<ContextRequestNotification>());
        Assert.Single(slack.Of<BriefNotification>());
    }

    private async Task<string> PostAsync(JsonObject deal)
    {
        var response = await app.PostDealAsync(deal.ToJsonString());
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
}
