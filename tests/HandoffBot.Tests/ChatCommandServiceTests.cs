using System.Net.Http.Json;
using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Tests.Support;

namespace HandoffBot.Tests;

public sealed class ChatCommandServiceTests : IDisposable
{
    private readonly HandoffBotApp app = new();

    public void Dispose() => app.Dispose();

    [Fact]
    public async Task WhoOwns_AnswersFromTheAggregate_AcrossTheLifecycle()
    {
        var id = await PostAsync(Deals.Complete());
        var commands = app.Get<ChatCommandService>();

        var before = Assert.IsType<OwnerResult>(await commands.ExecuteAsync(Deals.Csm, "who owns acme logistics"));
        await app.Get<HandoffService>().SubmitContextAsync(id, Deals.Ae);
        await app.Get<HandoffService>().AcceptAsync(id, Deals.Csm);
        app.Time.Advance(TimeSpan.FromDays(1));
        var after = Assert.IsType<OwnerResult>(await commands.ExecuteAsync(Deals.Csm, $"who owns {id}"));

        Assert.Equal(Deals.Ae, before.Handoff.Owner.Email);
        Assert.Equal("Avery Brooks", before.OwnerName);
        Assert.Equal(Deals.Ae, after.Handoff.Owner.Email);
        Assert.Equal(Core.Handoffs.Stage.InternalHandoff, after.Handoff.Stage);
    }

    [Fact]
    public async Task Mine_ListsWhatThePersonOwnsFirst()
    {
        await PostAsync(Deals.Complete("A"));
        var other = Deals.Minimal("B");
        other["accountName"] = "Globex";
        other["csmEmail"] = Deals.Csm;
        await PostAsync(other);

        var ae = Assert.IsType<HandoffListResult>(await app.Get<ChatCommandService>().ExecuteAsync(Deals.Ae, "my handoffs"));
        var csm = Assert.IsType<HandoffListResult>(await app.Get<ChatCommandService>().ExecuteAsync(Deals.Csm, "mine"));
        var stranger = Assert.IsType<HandoffListResult>(await app.Get<ChatCommandService>().ExecuteAsync("nobody@example.com", "mine"));

        Assert.Equal(2, ae.Handoffs.Count);
        Assert.All(ae.Handoffs, l => Assert.NotNull(l.DueAt));
        Assert.Equal(2, csm.Handoffs.Count);
        Assert.Empty(stranger.Handoffs);
    }

    [Fact]
    public async Task Status_AmbiguousOrUnknown_ListsCandidates()
    {
        await PostAsync(Deals.Complete("A"));
        var second = Deals.Minimal("B");
        second["accountName"] = "Acme Freight";
        await PostAsync(second);

        var ambiguous = Assert.IsType<NoMatchResult>(await app.Get<ChatCommandService>().ExecuteAsync(Deals.Ae, "status acme"));
        var unknown = Assert.IsType<NoMatchResult>(await app.Get<ChatCommandService>().ExecuteAsync(Deals.Ae, "status initech"));
        var exact = Assert.IsType<StatusResult>(await app.Get<ChatCommandService>().ExecuteAsync(Deals.Ae, "status ACME FREIGHT"));

        Assert.Equal(2, ambiguous.Candidates.Count);
        Assert.Empty(unknown.Candidates);
        Assert.Equal("Acme Freight", exact.Handoff.Deal.AccountName);
    }

    [Fact]
    public async Task UnknownText_GetsHelpWithAHint()
    {
        var result = Assert.IsType<HelpResult>(await app.Get<ChatCommandService>().ExecuteAsync(Deals.Ae, "hello bot"));

        Assert.NotNull(result.Problem);
    }

    private async Task<string> PostAsync(JsonObject deal)
    {
        var response = await app.PostDealAsync(deal.ToJsonString());
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }
}
