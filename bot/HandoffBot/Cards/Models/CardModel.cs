namespace HandoffBot.Cards.Models;

/// <summary>A form input: kind text | date | choice | toggle | heading. Values are plain text (never formatted).</summary>
public sealed record CardInput(string Kind, string Id, string Label)
{
    public string Value { get; init; } = "";
    public string Placeholder { get; init; } = "";
    public string Hint { get; init; } = "";
    public string Error { get; init; } = "";
    public bool Multiline { get; init; }
    public int MaxLength { get; init; }
    public bool Optional { get; init; } = true;
    public bool Separator { get; init; }
    public IReadOnlyList<Choice> Choices { get; init; } = [];
}

public sealed record Choice(string Title, string Value);
