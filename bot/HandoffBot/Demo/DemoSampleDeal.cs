using HandoffBot.Core.Application;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Scheduling;
using HandoffBot.Intake;

namespace HandoffBot.Demo;

/// <summary>
/// The demo's closed-won deal (Acme Logistics, Demo/Files/sample-deal.json), taken in through the same
/// parser and use case as the signed webhook — sent once per run, when the person can see it arrive:
/// in Teams after the AE's chat is open (a card typed into is wiped when a new message arrives, so
/// nothing may land while they type), in Slack at start (the page keeps history).
/// </summary>
public sealed partial class DemoSampleDeal(HandoffService handoffs, IHandoffStore store, IJobSignal signal, TimeProvider time, ILogger<DemoSampleDeal> logger)
{
    public const string CrmId = "DEMO-ACME-1";

    private readonly SemaphoreSlim gate = new(1, 1);

    /// <summary>The sample handoff, if it was sent in this run.</summary>
    public Task<Handoff?> FindAsync(CancellationToken ct) => store.FindByCrmIdAsync(CrmId, ct);

    /// <summary>Takes the sample deal in unless it is there already; true when it was sent now.</summary>
    public async Task<bool> SendOnceAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (await store.FindByCrmIdAsync(CrmId, ct) is not null)
            {
                return false;
            }

            var (intake, errors) = DealIntakeParser.Parse(DemoSettings.SampleDeal(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime)));
            if (intake is null)
            {
                throw new InvalidOperationException("The demo's sample deal is invalid: " + string.Join("; ", errors.Select(e => e.Field + ": " + e.Message)));
            }

            var result = await handoffs.IntakeAsync(intake, ct);
            signal.Wake();
            LogSent(logger, result.Handoff.Id);
            return true;
        }
        finally
        {
            gate.Release();
        }
    }

    [LoggerMessage(EventId = 9102, Level = LogLevel.Information, Message = "Demo: the sample deal (Acme Logistics) closed — handoff {HandoffId}; its context form goes to the AE now")]
    private static partial void LogSent(ILogger logger, string handoffId);
}
