namespace HandoffBot.Cards.Models;

/// <summary>
/// The platform-neutral view of one card: what the message says, in raw (unescaped) text. The
/// builders fill it from the domain; <see cref="CardData"/> turns it into the template data of one
/// platform, escaping every piece of text there and only there.
/// </summary>
public sealed class CardModel(string name, string title)
{
    public string Name { get; } = name;
    public string Title { get; set; } = title;
    public string Subtitle { get; set; } = "";

    /// <summary>default | emphasis | good | warning | attention | accent.</summary>
    public string Accent { get; set; } = "emphasis";

    public string Banner { get; set; } = "";
    public string BannerColor { get; set; } = "Good";
    public string Text { get; set; } = "";
    public List<Fact> Facts { get; } = [];
    public string ImageUrl { get; set; } = "";
    public string ImageAlt { get; set; } = "";
    public List<Section> Sections { get; } = [];
    public List<CardInput> Inputs { get; } = [];
    public List<CardAction> Actions { get; } = [];

    /// <summary>Teams: secondary forms behind a button (Action.ShowCard), e.g. "Reject…" with its reason and comment.</summary>
    public List<CardForm> Forms { get; } = [];

    public string Footer { get; set; } = "";

    /// <summary>Where the full record lives (the CRM deal); truncated text links there.</summary>
    public string RecordUrl { get; set; } = "";

    public CardModel Fact(string title, string? value, string? url = null)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            Facts.Add(new Fact(title, value, url ?? ""));
        }

        return this;
    }

    public Section Section(string heading)
    {
        var section = new Section(heading);
        Sections.Add(section);
        return section;
    }
}

public sealed record Fact(string Title, string Value, string Url = "");

public sealed class Section(string heading)
{
    public string Heading { get; } = heading;
    public List<Line> Lines { get; } = [];

    /// <summary>Label/value pairs shown as a FactSet above the lines (Slack: bold label, value).</summary>
    public List<Fact> Facts { get; } = [];

    public bool IsEmpty => Lines.Count == 0 && Facts.Count == 0;

    public Section Fact(string title, string value)
    {
        Facts.Add(new Fact(title, value));
        return this;
    }

    public Section Line(string text, string evidence = "", params CardAction[] actions)
    {
        Lines.Add(new Line(text, evidence, [.. actions]));
        return this;
    }
}

/// <summary>One item of a section; <see cref="Actions"/> act on that item (e.g. accept a suggestion).</summary>
public sealed record Line(string Text, string Evidence, IReadOnlyList<CardAction> Actions);

/// <summary>A button. <see cref="Verb"/> is an action verb, or <c>open.&lt;modal&gt;</c> on Slack; <see cref="Url"/> makes it a link.</summary>
public sealed record CardAction(string Title, string Verb, string HandoffId, string Item = "", string Style = "", string Url = "")
{
    public static CardAction Link(string title, string url) => new(title, "link", "", Url: url);
}

/// <summary>A form input: kind text | date | choice | toggle | heading.</summary>
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

/// <summary>A form folded behind a button: its inputs and the actions that submit them.</summary>
public sealed record CardForm(string Title, IReadOnlyList<CardInput> Inputs, IReadOnlyList<CardAction> Actions);
