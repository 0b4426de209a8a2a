using HandoffBot.Gong;
using Microsoft.Extensions.Time.Testing;

namespace HandoffBot.Tests.Transcripts;

/// <summary>Gong's 3-calls-a-second limit, on the test clock.</summary>
public sealed class GongRateLimitTests
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 2, 14, 0, 0, TimeSpan.Zero));

    private GongRateLimit Limit(int perSecond = 3) => new(Microsoft.Extensions.Options.Options.Create(new GongOptions { RequestsPerSecond = perSecond }), time);

    [Fact]
    public async Task WaitTurn_FourthCallWithinASecond_GoesOutWhenTheFirstIsASecondOld()
    {
        using var limit = Limit();
        await limit.WaitTurnAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(300));
        await limit.WaitTurnAsync(CancellationToken.None);
        await limit.WaitTurnAsync(CancellationToken.None);

        var fourth = limit.WaitTurnAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(699));
        var earlyDone = fourth.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        await fourth.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.False(earlyDone);
    }

    [Fact]
    public async Task WaitTurn_Cancelled_GivesItsPlaceUp()
    {
        using var limit = Limit(perSecond: 1);
        await limit.WaitTurnAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limit.WaitTurnAsync(cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        time.Advance(TimeSpan.FromSeconds(1));
        await limit.WaitTurnAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(30));
    }
}
