using System.Collections.Concurrent;

namespace HandoffBot.Cards;

/// <summary>A card that could not be rendered from its template, and what was sent instead.</summary>
public sealed record CardProblem(DateTimeOffset At, string Template, string Problem, string SentInstead);

/// <summary>
/// The cards that fell back since start-up. Production sends the fallback and logs; CI and the tests
/// read this and fail, so a template that outgrows its data never goes unnoticed.
/// </summary>
public sealed class CardProblems
{
    private readonly ConcurrentQueue<CardProblem> recent = new();
    private int count;

    public int Count => Volatile.Read(ref count);

    /// <summary>The latest problems (at most 50), oldest first.</summary>
    public IReadOnlyList<CardProblem> Recent => [.. recent];

    public void Add(CardProblem problem)
    {
        Interlocked.Increment(ref count);
        recent.Enqueue(problem);
        while (recent.Count > 50)
        {
            recent.TryDequeue(out _);
        }
    }
}
