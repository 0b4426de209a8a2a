namespace HandoffBot.Cards.Data;

// The pieces every card's data is made of: the deal, the people, the clock, the evidence. Text in
// them is ready for the platform's formatted text (Teams markdown, Slack mrkdwn) unless the name
// says Plain; a piece that does not apply is null (templates guard it with exists(…)).

/// <summary>A person as the directory knows them.</summary>
/// <param name="Name">The directory's name; empty when the directory does not know them.</param>
/// <param name="Email">Their email (the key that joins CRM, Teams and Slack).</param>
/// <param name="Role">Their part in this handoff ("AE", "CSM", "CS lead"), when it matters.</param>
/// <param name="IsYou">The card is rendered for this person.</param>
/// <param name="Known">The directory knows them (Name is set).</param>
/// <param name="Label">How to call them in a sentence: "you", the name, or the email when no name is known.</param>
public sealed record PersonData(string Name, string Email, string Role, bool IsYou, bool Known, string Label);

/// <summary>A confirmation ("Saved — 2 fields to go") or what went wrong, at the top of a card.</summary>
public sealed record NoticeData(string Text, bool Error);

/// <summary>The deal: what a handoff is about.</summary>
/// <param name="Id">The handoff id (HO-…): what buttons act on.</param>
/// <param name="Account">The customer account's name.</param>
/// <param name="AccountPlain">The same for plain-text places (a Slack header).</param>
public sealed record DealData(
    string Id,
    string Account,
    string AccountPlain,
    string Arr,
    string Segment,
    string Closed,
    string CrmId,
    string CrmUrl,
    string CustomerTimeZone);

/// <summary>The stage's clock: the one owner, and when it is due.</summary>
/// <param name="Due">When the stage is due, in the reader's zone with the zone named; empty when no clock runs.</param>
public sealed record ClockData(string Stage, PersonData Owner, string Due, bool Running, bool Overdue);

/// <summary>How complete the deal context is (0–100) and what is missing.</summary>
/// <param name="Meter">A ten-step bar: "███████░░░ 70%".</param>
public sealed record CompletenessData(int Score, string Meter, bool Complete, IReadOnlyList<string> Missing, string MissingText);

/// <summary>Where a drafted item came from: the verbatim quote, its source and speaker.</summary>
/// <param name="Source">"the call of 3 May, 11:05 in" or "the notes of 3 May".</param>
/// <param name="Line">All of it in one line: from the call of 3 May, 11:05 in — Dana Ruiz, VP Operations: “…”.</param>
public sealed record EvidenceData(string Quote, string Source, string Speaker, string Line);

/// <summary>One item of the deal context, with its evidence when the AI drafted it.</summary>
public sealed record ItemData(string Text, EvidenceData? Evidence);

/// <summary>One field of the deal context.</summary>
/// <param name="Status">given | missing | none (the AE confirmed there is none).</param>
/// <param name="Bullets">The items as one bulleted text with their evidence (for a place that takes one text, like a Slack section), cut to fit.</param>
public sealed record FieldData(string Label, string Status, IReadOnlyList<ItemData> Items, string Bullets);

/// <summary>The deal context, field by field (so a template can show them in any order).</summary>
public sealed record ContextData(
    FieldData WhatWasSold,
    FieldData Commitments,
    FieldData Goals,
    FieldData SuccessCriteria,
    FieldData Stakeholders,
    FieldData Risks,
    FieldData SpecialTerms,
    string Expansion,
    string TargetGoLive);

/// <summary>A question CS asked the AE, and its answer when there is one.</summary>
public sealed record QuestionData(string Id, string Text, PersonData AskedBy, string AskedAt, bool Open, string Answer, PersonData? AnsweredBy, string AnsweredAt);

/// <summary>A choice of a form (a reason, a role): title shown, value sent.</summary>
public sealed record ChoiceData(string Title, string Value);
