using System.Text.Json.Nodes;

namespace HandoffBot.Cards.Data;

// The data model of each card: what the card is about, never how it looks. Each card's template
// binds to exactly one of these; the sample beside the template (cards/<platform>/<card>.data.json)
// is one of them, serialised.

/// <summary>A form input (Teams cards, the context form): plain text values, the message of a failed check.</summary>
/// <param name="Kind">text | date | choice | toggle | heading.</param>
public sealed record InputData(string Kind, string Id, string Label, string Value, string Placeholder, string Error, bool Multiline, int MaxLength, string Spacing, bool Separator, IReadOnlyList<ChoiceData> Choices);

/// <summary>A Slack modal input: its Block Kit element is built whole (select, date picker, checkboxes, text).</summary>
public sealed record SlackInputData(string Kind, string Id, string Label, string Hint, bool Optional, JsonObject Element);

/// <summary>The brief CS reads (also the answer to "status").</summary>
/// <param name="State">waiting (for CS to accept) | accepted | rejected (back with the AE) | other (a later stage).</param>
/// <param name="CanAct">The reader may accept, reject or ask (a shared card: anyone sees the buttons; who may not is told why).</param>
/// <param name="MayAct">Who may accept it, in one line: "Casey Lin (CSM) or Jordan Patel (CS lead)".</param>
public sealed record BriefData(
    string Summary,
    DealData Deal,
    string State,
    ClockData Clock,
    PersonData Ae,
    PersonData Csm,
    CompletenessData Completeness,
    AcceptedData? Accepted,
    RejectedData? Rejected,
    PersonData? ReassignedTo,
    ContextData Context,
    IReadOnlyList<QuestionData> Questions,
    int OpenQuestions,
    bool CanAct,
    string MayAct,
    IReadOnlyList<ChoiceData> Reasons,
    NoticeData? Notice);

public sealed record AcceptedData(PersonData By, string At);

public sealed record RejectedData(PersonData By, string At, string Reason, string Comment);

/// <summary>The AE's request for the deal context, with the AI's suggestions and (Teams) the form.</summary>
public sealed record ContextRequestData(
    string Summary,
    DealData Deal,
    PersonData Ae,
    PersonData Csm,
    ClockData Clock,
    CompletenessData Completeness,
    RejectedData? Returned,
    SuggestionsData Suggestions,
    int SuggestionCount,
    bool CanAct,
    IReadOnlyList<InputData> Inputs,
    NoticeData? Notice);

/// <summary>A suggestion the AI drafted: accept it into the deal context, or undo that.</summary>
public sealed record SuggestionData(string Id, string Text, EvidenceData Evidence, bool Accepted);

public sealed record SuggestionsData(
    IReadOnlyList<SuggestionData> Commitments,
    IReadOnlyList<SuggestionData> Goals,
    IReadOnlyList<SuggestionData> SuccessCriteria,
    IReadOnlyList<SuggestionData> Stakeholders,
    IReadOnlyList<SuggestionData> Risks,
    IReadOnlyList<SuggestionData> SpecialTerms);

public sealed record QuestionCardData(string Summary, DealData Deal, QuestionData Question, PersonData Ae, bool CanAct, NoticeData? Notice);

public sealed record AnswerCardData(string Summary, DealData Deal, QuestionData Question);

public sealed record TextData(string Summary, DealData? Deal, string Text, NoticeData? Notice);

/// <summary>Welcome: what the bot does for each of the person's roles, and commands to try.</summary>
public sealed record WelcomeData(string Summary, PersonData? Person, WelcomeRoles Roles, IReadOnlyList<CommandData> Try);

public sealed record WelcomeRoles(bool Ae, bool Cs, bool Leader, bool RevOps);

/// <param name="Command">What to type ("my handoffs").</param>
public sealed record CommandData(string Command, string What);

/// <param name="Percent">How much of the stage's time has gone.</param>
public sealed record ReminderData(string Summary, DealData Deal, string Stage, int Percent, string Due, bool Overdue, PersonData? NudgedBy, ClockData Clock);

/// <param name="Reason">Empty for a missed clock; otherwise why the stage came to the reader ("left the directory").</param>
public sealed record EscalationData(string Summary, DealData Deal, string Stage, PersonData Owner, string WasDue, string Reason, bool CanAct, NoticeData? Notice);

public sealed record InternalHandoffData(string Summary, DealData Deal, PersonData Ae, PersonData Csm, string AeConfirmed, string CsmConfirmed, IReadOnlyList<QuestionData> OpenQuestions, ClockData Clock, bool CanAct, string MayAct, NoticeData? Notice);

/// <param name="Customer">The slot in the customer's time zone.</param>
/// <param name="Yours">The same slot in the reader's zone.</param>
public sealed record SlotData(string Customer, string Yours);

/// <param name="CanAct">The reader may book the kickoff (the AE or CS side).</param>
/// <param name="CanSendIntro">The reader may confirm the intro went out (the AE side).</param>
public sealed record WarmIntroData(string Summary, DealData Deal, PersonData Ae, PersonData Csm, string Subject, string Body, IReadOnlyList<SlotData> Slots, string IcsUrl, ClockData Clock, bool CanAct, bool CanSendIntro, string MayAct, NoticeData? Notice);

/// <param name="Booked">The booked date ("Tue 17 Nov 2026"), empty until booked.</param>
/// <param name="Held">The day it was recorded as held, empty until then.</param>
/// <param name="Today">Today in the reader's zone (yyyy-MM-dd), the form's default for "held on".</param>
/// <param name="CanAct">The reader may book the kickoff (the AE or CS side).</param>
/// <param name="CanRecordHeld">The reader may record it as held (the CS side).</param>
public sealed record KickoffData(string Summary, DealData Deal, PersonData Ae, PersonData Csm, string Booked, string Held, string IcsUrl, string Today, ClockData Clock, bool CanAct, bool CanRecordHeld, string MayAct, NoticeData? Notice);

public sealed record PollData(string Summary, DealData Deal, int Day, bool Reminder, PersonData Csm, IReadOnlyList<InputData> Inputs, bool CanAct, NoticeData? Notice);

public sealed record PollAnswerData(int Day, string Matched, bool FullMatch, int Expectations, string FirstValue, string ChurnRisk, string Comment, PersonData By, string At);

public sealed record PollThanksData(string Summary, DealData Deal, PollAnswerData Answer);

public sealed record PollAlertData(string Summary, DealData Deal, PollAnswerData Answer, PersonData Ae);

public sealed record HelpData(string Summary, string Problem, IReadOnlyList<CommandData> Commands);

/// <summary>One handoff in a list ("my handoffs", several matches).</summary>
/// <param name="Yours">The reader owns its current stage.</param>
/// <param name="Next">What the reader can do from the list: accept | fill | "" (per-user views only).</param>
public sealed record LineData(string Id, string Account, string AccountPlain, string Stage, PersonData Owner, string Due, bool Overdue, int Completeness, bool Yours, string Next);

public sealed record HandoffListData(string Summary, int Total, bool Truncated, IReadOnlyList<LineData> Handoffs);

public sealed record NoMatchData(string Summary, string Query, IReadOnlyList<LineData> Candidates);

public sealed record WhoOwnsData(string Summary, DealData Deal, ClockData Clock, string Since, PersonData Ae, PersonData Csm);

public sealed record ReassignData(string Summary, bool Done, string Message);

public sealed record ErrorData(string Summary, string Message);

/// <summary>The weekly digest for sales leaders.</summary>
public sealed record DigestData(
    string Summary,
    string From,
    string To,
    int Handoffs,
    int Breaches,
    ChartRef? Chart,
    ChurnData Churn,
    IReadOnlyList<RowData> Medians,
    IReadOnlyList<RowData> BreachRows,
    IReadOnlyList<RowData> Polls,
    IReadOnlyList<RowData> Rejections,
    IReadOnlyList<RowData> ChurnFlags);

public sealed record ChartRef(string Url, string Alt);

/// <summary>Completeness at handoff set against early churn (90/180 days): by band, AE and segment.</summary>
/// <param name="Reading">One line: "Deals handed off under 80% complete churned 3.0× as often within 180 days (2 of 5 vs 1 of 8)".</param>
public sealed record ChurnData(string Reading, ChartRef? Chart, IReadOnlyList<ChurnRow> Bands, IReadOnlyList<ChurnRow> ByAe, IReadOnlyList<ChurnRow> BySegment, string NumbersUrl);

/// <param name="Name">The band ("80–89%"), the AE (by name) or the segment.</param>
/// <param name="Completeness">Median completeness at CS review ("82%"), or "—".</param>
/// <param name="Churn90">"1 of 4 (25%)", or "—" when no handoff is old enough to tell.</param>
public sealed record ChurnRow(string Name, int Handoffs, string Completeness, string Churn90, string Churn180);

public sealed record RowData(string Label, string Value, string Note);

// Slack modals.
public sealed record RejectModalData(DealData Deal, IReadOnlyList<ChoiceData> Reasons, NoticeData? Notice);

public sealed record AskModalData(DealData Deal, PersonData Ae, NoticeData? Notice);

public sealed record AnswerModalData(DealData Deal, QuestionData? Question, string QuestionId, NoticeData? Notice);

public sealed record ReassignModalData(DealData Deal, ClockData Clock, NoticeData? Notice);

public sealed record KickoffModalData(DealData Deal, string Booked, NoticeData? Notice);

public sealed record FormModalData(DealData Deal, string Item, string Title, IReadOnlyList<SlackInputData> Inputs, NoticeData? Notice);
