using HandoffBot.Slack.Api;
using Microsoft.Extensions.Options;
using Polly.Timeout;

namespace HandoffBot.Slack;

/// <summary>
/// Slack waits three seconds for our answer to an interaction or a command. Web API calls made
/// meanwhile get <see cref="SlackOptions.InRequestBudgetMs"/> in all (on the injected clock), so a
/// slow, down or throttled Slack never makes the answer late or a 500: the handler gives up on the
/// call, moves the work to the inbox and tells the person.
/// </summary>
public sealed class SlackRequestBudget(IOptions<SlackOptions> options, TimeProvider time)
{
    public InRequestBudget Start(CancellationToken requestAborted) =>
        new(TimeSpan.FromMilliseconds(options.Value.InRequestBudgetMs), time, requestAborted);
}

/// <summary>One request's budget: pass <see cref="Token"/> to the Slack calls, and ask <see cref="GaveUp"/> about a failure.</summary>
public sealed class InRequestBudget : IDisposable
{
    private readonly CancellationTokenSource timer;
    private readonly CancellationTokenSource linked;
    private readonly CancellationToken aborted;

    internal InRequestBudget(TimeSpan budget, TimeProvider time, CancellationToken requestAborted)
    {
        timer = new CancellationTokenSource(budget, time);
        linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, timer.Token);
        aborted = requestAborted;
    }

    public CancellationToken Token => linked.Token;

    /// <summary>
    /// True when Slack could not be done with in time — the budget ran out, or Slack was down,
    /// throttling or refusing — while the person is still waiting for our answer (the request was not aborted).
    /// </summary>
    public bool GaveUp(Exception ex) => !aborted.IsCancellationRequested && ex switch
    {
        OperationCanceledException => timer.IsCancellationRequested,
        SlackApiException or HttpRequestException or TimeoutRejectedException => true,
        _ => false,
    };

    public void Dispose()
    {
        linked.Dispose();
        timer.Dispose();
    }
}
