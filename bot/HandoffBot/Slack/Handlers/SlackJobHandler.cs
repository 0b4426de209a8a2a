using System.Text.Json.Nodes;
using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;

namespace HandoffBot.Slack.Handlers;

/// <summary>
/// Runs what the inbox stored: events by exact type, button verbs, message refreshes after a modal,
/// and the work moved out of a request that Slack was too slow for (a command's answer, a notice).
/// </summary>
public sealed class SlackJobHandler : IJobHandler
{
    private readonly Dictionary<string, ISlackEventHandler> events = new(StringComparer.Ordinal);
    private readonly BlockActionHandler actions;
    private readonly ModalOpener modals;
    private readonly SlashCommandHandler commands;
    private readonly MessageRefresher refresher;
    private readonly HandoffService handoffs;
    private readonly ILogger<SlackJobHandler> logger;

    public SlackJobHandler(
        IEnumerable<ISlackEventHandler> eventHandlers,
        BlockActionHandler actions,
        ModalOpener modals,
        SlashCommandHandler commands,
        MessageRefresher refresher,
        HandoffService handoffs,
        ILogger<SlackJobHandler> logger)
    {
        ArgumentNullException.ThrowIfNull(eventHandlers);
        foreach (var handler in eventHandlers)
        {
            if (!events.TryAdd(handler.EventType, handler))
            {
                throw new InvalidOperationException($"Slack event '{handler.EventType}' has two handlers: {events[handler.EventType].GetType().Name} and {handler.GetType().Name}.");
            }
        }

        this.actions = actions;
        this.modals = modals;
        this.commands = commands;
        this.refresher = refresher;
        this.handoffs = handoffs;
        this.logger = logger;
    }

    public IReadOnlyCollection<string> Kinds { get; } =
        [SlackEndpoints.EventJob, SlackEndpoints.ActionJob, ViewSubmissionHandler.RefreshJob, SlashCommandHandler.CommandJob, ModalOpener.NoticeJob];

    public async Task RunAsync(ScheduledJob job, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(job);
        var payload = SlackRequest.JsonObjectOf(job.Payload ?? "") ?? throw new PermanentJobFailure("The stored Slack payload is not JSON.");
        switch (job.Kind)
        {
            case SlackEndpoints.EventJob:
                var evt = payload.Obj("event");
                var type = evt.Str("type") ?? "";
                if (evt is not null && events.TryGetValue(type, out var handler))
                {
                    await handler.HandleAsync(evt, ct);
                }
                else
                {
                    SlackLog.Unhandled(logger, "event", type);
                }

                break;
            case SlackEndpoints.ActionJob:
                await actions.HandleAsync(payload, ct);
                break;
            case SlashCommandHandler.CommandJob:
                await commands.AnswerLaterAsync(payload, ct);
                break;
            case ModalOpener.NoticeJob:
                await modals.SendNoticeAsync(payload, ct);
                break;
            case ViewSubmissionHandler.RefreshJob:
                if (await handoffs.GetAsync(payload.Str("handoffId") ?? "", ct) is { } handoff)
                {
                    await refresher.RefreshAsync(handoff, payload.Str("verb") ?? "", payload.Str("item"), payload.Str("banner"), (MessageRef?)null, ct);
                }

                break;
        }
    }
}
