using System.Text.Json.Nodes;
using HandoffBot.Cards.Data;
using HandoffBot.Core.Application;
using HandoffBot.Core.Application.Commands;
using HandoffBot.Core.Brief;
using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Metrics;
using HandoffBot.Core.Notifications;
using HandoffBot.Core.People;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Cards;

/// <summary>
/// Sample data for every card: typical, empty, maximal (long text, many items), unicode and
/// hostile (mentions, markdown, template syntax, JSON breakers), each rendered for the reader it
/// goes to (or for a channel). render-cards writes them, the render tests and the CI validation
/// check every one, and an override template must pass with all of them before it is used.
/// </summary>
public static class CardSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 4, 15, 30, 0, TimeSpan.Zero);

    /// <summary>The playbook calendar's zone of the samples (a shared card's times are in it).</summary>
    public static TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    public const string Ae = "avery.ae@example.com";
    public const string Csm = "casey.csm@example.com";
    public const string CsLead = "cs-lead@example.com";
    public const string Manager = "morgan.lead@example.com";
    public const string Leader = "vp-sales@example.com";

    public static IReadOnlyList<string> Sets { get; } = ["typical", "empty", "maximal", "unicode", "hostile"];

    public const string Hostile = "<!channel> <@U0123ABC> <at>Boss</at> *bold* _it_ [click](https://evil.example) ${secret} {{x}} \"q\" \\ </script> &amp; `code` # h > quote\n- list";

    /// <summary>A card sample: a notification, a command result, an error or a Slack modal, and whom it is rendered for.</summary>
    public sealed record Sample(string Card, string Set, Notification? Notification = null, ChatCommandResult? Command = null, string? Error = null, string? Modal = null, Handoff? Handoff = null, CardState? State = null, string? Reader = null);

    /// <summary>The directory of the samples: the people of people.yaml, with the set's names.</summary>
    public static PeopleBook Book(string set)
    {
        var t = new Texts(set);
        Person P(string email, string name, string zone, params PersonRole[] roles) =>
            new() { Email = email, Name = t.Name(name), TimeZone = zone, Roles = new HashSet<PersonRole>(roles) };
        return set == "empty"
            ? PeopleBook.Empty
            : new PeopleBook(
            [
                P(Ae, "Avery Brooks", "America/New_York", PersonRole.AccountExecutive),
                P(Csm, "Casey Lin", "America/Chicago", PersonRole.Csm),
                P(CsLead, "Jordan Patel", "America/Chicago", PersonRole.CsLead, PersonRole.Manager),
                P(Manager, "Morgan Diaz", "America/New_York", PersonRole.Manager, PersonRole.SalesLeader),
                P(Leader, "Riley Chen", "America/Los_Angeles", PersonRole.SalesLeader),
            ]);
    }

    /// <summary>The renderer the samples go through: the real one, with the samples' directory and zone.</summary>
    public static TemplateCardRenderer Renderer(string set, CardTemplates templates, CardProblems? problems = null) =>
        TemplateCardRenderer.Fixed(templates, new FixedTime(Now), Book(set), Zone, problems);

    /// <summary>Every sample's data by template (<c>teams/brief</c>): what an override is checked with.</summary>
    public static IEnumerable<(string Sample, JsonObject Data)> DataFor(string template) =>
        DataByTemplate.Value.TryGetValue(template, out var list) ? list.Select(x => (x.Sample, (JsonObject)x.Data.DeepClone())) : [];

    private static readonly Lazy<Dictionary<string, List<(string Sample, JsonObject Data)>>> DataByTemplate = new(() =>
    {
        var all = new Dictionary<string, List<(string, JsonObject)>>(StringComparer.Ordinal);
        foreach (var sample in All())
        {
            foreach (var platform in sample.Modal is null ? new[] { ChatPlatform.Teams, ChatPlatform.Slack } : [ChatPlatform.Slack])
            {
                var (template, data) = Data(sample, platform);
                (all.TryGetValue(template, out var list) ? list : all[template] = []).Add(($"{sample.Card}.{sample.Set}", data));
            }
        }

        return all;
    });

    /// <summary>The template a sample fills on a platform, and its data, exactly as the renderer builds them.</summary>
    public static (string Template, JsonObject Data) Data(Sample sample, ChatPlatform platform)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var state = (sample.State ?? new CardState()) with { Reader = sample.Reader ?? sample.State?.Reader };
        var reader = state.Reader ?? (sample.Notification is { } n ? Audience.ImpliedReader(n) : null);
        var ctx = new CardContext(platform, Now, Book(sample.Set), Zone, reader, state);
        var payload = sample switch
        {
            { Modal: { } modal } => CardMapper.Modal(ctx, modal, sample.Handoff!),
            { Notification: { } note } => CardMapper.Map(ctx, note, Zone),
            { Command: { } command } => CardMapper.Map(ctx, command),
            _ => CardMapper.Error(ctx, sample.Error ?? ""),
        };
        return ($"{(platform == ChatPlatform.Teams ? "teams" : "slack")}/{payload.Card}", TemplateCardRenderer.Serialize(payload.Data));
    }

    public static IEnumerable<Sample> All()
    {
        foreach (var set in Sets)
        {
            foreach (var sample in For(set))
            {
                yield return sample;
            }
        }
    }

    public static IEnumerable<Sample> For(string set)
    {
        var t = new Texts(set);
        var h = Build(t, Stage.CsReview);
        var capture = Build(t, Stage.ContextCapture);
        var accepted = Build(t, Stage.InternalHandoff);
        var intro = Build(t, Stage.WarmIntro);
        var kickoff = Build(t, Stage.Kickoff);
        var completeness = CompletenessCalculator.Compute(h.Deal, h.Context, h.SourceCount, PlaybookLoader.DefaultFields);
        var captureCompleteness = CompletenessCalculator.Compute(capture.Deal, capture.Context, capture.SourceCount, PlaybookLoader.DefaultFields);
        var question = h.Questions.FirstOrDefault() ?? new Question("q-1", t.Line("Who signs off on the SSO setup?"), "casey.csm@example.com", Now);
        var answered = question with { Answer = t.Line("Dana does, with IT."), AnsweredBy = h.Deal.AeEmail, AnsweredAt = Now };
        var poll = new PollAnswer(30, set == "typical" ? DealMatch.Partly : DealMatch.No, 3, new DateOnly(2026, 12, 1), Severity.Medium, t.Line("Reporting module was oversold."), "casey.csm@example.com", Now);
        var person = new Person
        {
            Email = "avery.ae@example.com",
            Name = t.Name("Avery Quinn"),
            Roles = set == "empty" ? new HashSet<PersonRole>() : new HashSet<PersonRole>(Enum.GetValues<PersonRole>()),
        };
        var line = new HandoffLine(h.Id, h.Deal.AccountName, h.Stage, h.Owner.Email, t.Name("Casey Lin"), h.DueAt, set != "typical", completeness.Score);
        var lines = Enumerable.Range(0, t.Many(3, 40)).Select(i => (i % 3) switch
        {
            0 => line with { Id = $"HO-{i:000}" },
            1 => line with { Id = $"HO-{i:000}", Stage = Stage.ContextCapture, OwnerEmail = Ae, OwnerName = t.Name("Avery Brooks"), Completeness = captureCompleteness.Score },
            _ => line with { Id = $"HO-{i:000}", Stage = Stage.Kickoff, DueAt = Now.AddDays(6), Overdue = false },
        }).ToList();
        var report = Digest(t);

        yield return new("context-request", set, new ContextRequestNotification(capture, captureCompleteness));
        yield return new("context-request-errors", set, new ContextRequestNotification(capture, captureCompleteness),
            State: new CardState(Values: new Dictionary<string, string?> { ["goals"] = t.Line("Typed but not saved") },
                Errors: [new FieldError("stakeholders", t.Line("Add at least one stakeholder.")), new FieldError("targetGoLive", "Use a date like 2027-01-15.")], Banner: "Saved — 2 fields to go"));
        yield return new("brief", set, new BriefNotification(h, completeness));
        yield return new("brief-for-csm", set, new BriefNotification(h, completeness), Reader: Csm);
        yield return new("brief-for-stranger", set, new BriefNotification(h, completeness), Reader: Leader);
        yield return new("brief-accepted", set, new BriefNotification(accepted, completeness));
        var rejected = Rejected(t);
        yield return new("brief-rejected", set, new BriefNotification(rejected, CompletenessCalculator.Compute(rejected.Deal, rejected.Context, rejected.SourceCount, PlaybookLoader.DefaultFields)));
        yield return new("brief-readonly", set, new BriefNotification(h, completeness), State: new CardState(ShowActions: false, RefreshUserIds: ["29:user-a", "29:user-b"]));
        yield return new("question", set, new QuestionNotification(h, question));
        yield return new("answer", set, new AnswerNotification(h, answered));
        yield return new("text", set, new TextNotification(t.Line("The handoff went back to you: CS needs the stakeholders."), h));
        yield return new("welcome", set, new WelcomeNotification(set == "empty" ? null : person), Reader: set == "empty" ? null : Ae);
        yield return new("reminder", set, new ReminderNotification(h, Stage.CsReview, 50, Now.AddHours(12)), Reader: h.Owner.Email);
        yield return new("reminder-nudged", set, new ReminderNotification(h, Stage.CsReview, 100, Now, Manager), Reader: h.Owner.Email);
        yield return new("escalation", set, new EscalationNotification(h, Stage.CsReview, Csm, Now.AddHours(-2)), Reader: Manager);
        yield return new("internal-handoff", set, new InternalHandoffNotification(accepted));
        yield return new("warm-intro", set, new WarmIntroNotification(intro, new IntroDraft(t.Line("Meet your CSM"), t.Para("Hi Dana, I'd like to introduce Casey, who will guide your onboarding.")),
            [.. Enumerable.Range(1, set == "empty" ? 0 : 3).Select(i => Now.AddDays(i).AddHours(-1))], set == "empty" ? null : "https://bot.example.com/links/ics/HO-1?sig=abc"), Reader: Ae);
        yield return new("kickoff", set, new KickoffNotification(kickoff, set == "empty" ? null : "https://bot.example.com/links/ics/HO-1?slot=0&sig=abc"));
        yield return new("kickoff-for-ae", set, new KickoffNotification(kickoff), Reader: Ae);
        yield return new("kickoff-held", set, new KickoffNotification(Build(t, Stage.Onboarding)), Reader: Csm);
        yield return new("poll", set, new PollNotification(accepted, 30), Reader: Csm);
        yield return new("poll-thanks", set, new PollThanksNotification(accepted, poll), Reader: Csm);
        yield return new("poll-alert", set, new PollAlertNotification(accepted, poll), Reader: Ae);
        yield return new("digest", set, new DigestNotification(report), Reader: Leader);
        yield return new("help", set, Command: new HelpResult(set == "typical" ? null : t.Line("I did not understand that.")), Reader: Ae);
        yield return new("my-handoffs", set, Command: new HandoffListResult(set == "empty" ? [] : lines, set == "maximal"), Reader: Csm);
        yield return new("status", set, Command: new StatusResult(h, completeness), Reader: Csm);
        yield return new("who-owns", set, Command: new OwnerResult(h, t.Name("Casey Lin")), Reader: Ae);
        yield return new("no-match", set, Command: new NoMatchResult(t.Line("acme"), set == "empty" ? [] : lines), Reader: Ae);
        yield return new("reassign", set, Command: new ReassignCommandResult(new ReassignResult(ReassignStatus.Reassigned, t.Line("CS review of Acme Logistics now belongs to Chris Moreno."))), Reader: CsLead);
        yield return new("digest-command", set, Command: new DigestCommandResult(new DigestResult(DigestStatus.Ready, "", report)), Reader: Leader);
        yield return new("error", set, Error: t.Line("Only the assigned CSM or the CS lead can accept this handoff."));
        foreach (var modal in new[] { SlackModals.Reject, SlackModals.Ask, SlackModals.Answer, SlackModals.Reassign, SlackModals.Kickoff, SlackModals.Poll, SlackModals.Context })
        {
            var item = modal switch { SlackModals.Answer => question.Id, SlackModals.Poll => "30", _ => null };
            yield return new("modal-" + modal, set, Modal: modal, Handoff: modal switch { SlackModals.Context => capture, SlackModals.Kickoff => kickoff, _ => h },
                State: new CardState(Values: item is null ? null : new Dictionary<string, string?> { ["item"] = item }), Reader: modal is SlackModals.Context or SlackModals.Answer ? Ae : Csm);
        }

        yield return new("modal-context-errors", set, Modal: SlackModals.Context, Handoff: capture,
            State: new CardState(Errors: [new FieldError("stakeholders.0.email", t.Line("Not an email address."))], Banner: "Fix the fields marked ⚠️"), Reader: Ae);
    }

    private static Handoff Build(Texts t, Stage stage)
    {
        var clock = new SampleClock(Now.AddDays(-2));
        var deal = new Deal
        {
            CrmId = "CRM-1001",
            AccountName = t.Name("Acme Logistics"),
            Arr = 120_000m,
            Currency = "USD",
            Segment = "Enterprise",
            CloseDate = new DateOnly(2026, 10, 30),
            CrmUrl = t.Set == "empty" ? null : new Uri("https://crm.example.com/deals/1001"),
            CustomerTimeZone = "America/Chicago",
            AeEmail = "avery.ae@example.com",
            CsmEmail = t.Set == "empty" ? null : "casey.csm@example.com",
        };
        var transcript = new Transcript("t-1", TranscriptFormat.Vtt, new DateTimeOffset(2026, 5, 3, 12, 30, 0, TimeSpan.Zero), "WEBVTT");
        // The typical AE gets the context request with gaps: the form then asks for exactly those.
        var context = stage == Stage.ContextCapture && t.Set == "typical"
            ? t.Context() with { SuccessCriteria = [], Stakeholders = [], TargetGoLive = null }
            : t.Context();
        var h = Handoff.Open("HO-SAMPLE1", deal, context, [], t.Set == "empty" ? [] : [transcript],
            "Enterprise", new Routing(deal.AeEmail, OwnerRole.AccountExecutive, "cs-lead@example.com"), [], clock);
        if (t.Set != "empty")
        {
            h.AttachDraft(t.Draft(), clock);
            var first = h.Draft!.Goals[0].Id;
            h.DecideDraftItem(first, DraftDecision.Accepted, Actor.Of(deal.AeEmail, PersonRole.AccountExecutive), clock);
        }

        if (stage == Stage.ContextCapture)
        {
            return h;
        }

        var ae = Actor.Of(deal.AeEmail, PersonRole.AccountExecutive);
        var csm = Actor.Of("casey.csm@example.com", PersonRole.Csm);
        h.SubmitContext(ae, PlaybookLoader.DefaultFields.Select(f => f with { Required = false }).ToList(), clock);
        h.AskAe(t.Line("Who signs off on the SSO setup?"), csm, "q-1", clock);
        if (stage == Stage.CsReview)
        {
            return h;
        }

        h.Accept(csm, clock);
        if (stage == Stage.InternalHandoff)
        {
            return h;
        }

        h.ConfirmInternalSync(SyncMode.Meeting, ae, clock);
        h.ConfirmInternalSync(SyncMode.Meeting, csm, clock);
        if (stage == Stage.WarmIntro)
        {
            return h;
        }

        h.MarkIntroSent(ae, clock);
        if (t.Set != "empty")
        {
            h.BookKickoff(new DateOnly(2026, 11, 17), csm, clock);
        }

        if (stage == Stage.Kickoff)
        {
            return h;
        }

        h.RecordKickoffHeld(new DateOnly(2026, 11, 2), csm, clock);
        return h;
    }

    private static Handoff Rejected(Texts t)
    {
        var h = Build(t, Stage.CsReview);
        h.Reject(RejectionReason.MissingContext, t.Line("Stakeholders are missing; who is the economic buyer?"), Actor.Of("casey.csm@example.com", PersonRole.Csm), new SampleClock(Now));
        return h;
    }

    private static DigestReport Digest(Texts t) => new()
    {
        From = new DateOnly(2026, 10, 26),
        To = new DateOnly(2026, 11, 1),
        HandoffCount = t.Set == "empty" ? 0 : 14,
        Breaches = t.Set == "empty" ? 0 : 3,
        Medians = [.. Enumerable.Range(0, t.Many(3, 14)).Select(i => new DigestRow(t.Line(Stages[i % Stages.Length]) + (i >= Stages.Length ? $" ({i})" : ""), $"{1.5 + i} d", t.Set == "maximal" ? t.Line("Enterprise") : null))],
        BreachRows = [.. Enumerable.Range(0, t.Many(2, 12)).Select(i => new DigestRow(t.Line(i % 2 == 0 ? "CS review" : "Context capture") + (i >= 2 ? $" ({i})" : ""), $"{2 - (i % 2)}", Email: i % 2 == 0 ? Csm : Ae))],
        PollRows = [new DigestRow("AE", "2 answer(s): matched yes 1, partly 1, no 0", "expectations 4.0/5; first value 1; churn risk high 0", Ae)],
        RejectionReasons = t.Set == "empty" ? [] : [new DigestRow("Missing context", "2")],
        ChurnFlags = t.Set == "empty" ? [] : [new DigestRow(t.Name("Acme Logistics"), "high churn risk", t.Line("day-30 poll"), Ae)],
        ChartUrl = t.Set == "empty" ? null : "https://bot.example.com/links/charts/digest.png?exp=1&sig=abc",
        CompletenessBands = t.Set == "empty" ? [] : Bands,
        ChurnByAe = t.Set == "empty" ? [] : [.. Enumerable.Range(0, t.Many(2, 20)).Select(i => Group(i % 2 == 0 ? Ae : Manager, 9 + i, 78 - i, new ChurnRate(2, 8), new ChurnRate(3, 6)))],
        ChurnBySegment = t.Set == "empty" ? [] : [Group(t.Line("Enterprise"), 14, 85, new ChurnRate(1, 10), new ChurnRate(2, 8)), Group("Mid-market", 12, 71, new ChurnRate(3, 9), new ChurnRate(4, 7))],
        Reading = t.Set == "empty" ? null : new CompletenessReading(80, 180, new ChurnRate(3, 7), new ChurnRate(1, 9)),
        ChurnChartUrl = t.Set == "empty" ? null : "https://bot.example.com/links/charts/churn.png?exp=1&sig=abc",
    };

    private static readonly CompletenessBand[] Bands =
    [
        new("0–59%", 0, 59, 4, new ChurnRate(1, 3), new ChurnRate(2, 3)),
        new("60–79%", 60, 79, 6, new ChurnRate(1, 5), new ChurnRate(1, 4)),
        new("80–89%", 80, 89, 9, new ChurnRate(0, 7), new ChurnRate(1, 6)),
        new("90–100%", 90, 100, 8, new ChurnRate(0, 6), new ChurnRate(0, 3)),
    ];

    private static ChurnGroup Group(string key, int handoffs, double completeness, ChurnRate c90, ChurnRate c180) => new(key, handoffs, completeness, c90, c180);

    /// <summary>The digest's churn chart as the samples draw it.</summary>
    public static ChartData ChurnChart { get; } = DigestBuilder.ChurnChart(Bands);

    /// <summary>The digest's chart: median business days per stage by segment.</summary>
    public static ChartData Chart { get; } = new(
        "Median business days per stage (13 weeks)",
        "business days",
        ["Close → context", "Context → accepted", "Accepted → kickoff"],
        [new ChartSeries("Enterprise", [2.5, 1.5, 4]), new ChartSeries("Mid-market", [1.5, 1, 2.5]), new ChartSeries("SMB", [1, 0.5, null])]);

    private static readonly string[] Stages = ["Close → context complete", "Context → CS accepted", "Accepted → kickoff"];

    /// <summary>A clock stopped at one instant (the samples' "now").</summary>
    public sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private sealed class SampleClock(DateTimeOffset now) : IStageClock
    {
        public DateTimeOffset Now { get; } = now;

        public DateTimeOffset? DueFor(Handoff handoff) => Now.AddHours(24);
    }

    /// <summary>The texts of one sample set.</summary>
    private sealed class Texts(string set)
    {
        public string Set { get; } = set;

        public string Name(string typical) => Set switch
        {
            "unicode" => "Zoë Åkesson-李雷 🚀 مرحبا",
            "hostile" => "<@U0123ABC> *Acme* ${x}",
            "maximal" => typical + new string('x', 180),
            _ => typical,
        };

        public string Line(string typical) => Set switch
        {
            "unicode" => typical + " — naïve café 日本語テキスト 🎉 עברית",
            "hostile" => Hostile,
            "maximal" => string.Concat(Enumerable.Repeat(typical + " ", 60)),
            _ => typical,
        };

        public string Para(string typical) => Set == "maximal" ? string.Concat(Enumerable.Repeat(typical + "\n\n", 80)) : Line(typical);

        public int Many(int typical, int max) => Set switch { "empty" => 0, "maximal" => max, _ => typical };

        public DealContext Context() => Set == "empty" ? DealContext.Empty : new DealContext
        {
            WhatWasSold = [.. Enumerable.Range(0, Many(1, 12)).Select(i => new SoldItem(Name("Route Planner"), 250, ["Analytics", Line("Telematics")]))],
            Commitments = [.. Enumerable.Range(0, Many(1, 15)).Select(i => new Commitment(Line("SSO live before go-live") + (i > 0 ? $" {i}" : ""), new DateOnly(2026, 12, 15), "avery.ae@example.com"))],
            Goals = [Line("Cut late deliveries by half")],
            SuccessCriteria = [.. Enumerable.Range(0, Many(1, 15)).Select(i => Line("Late deliveries below 3% by March") + (i > 0 ? $" {i}" : ""))],
            Stakeholders = [.. Enumerable.Range(0, Many(1, 15)).Select(i => new Stakeholder(Name("Dana Ruiz") + (i > 0 ? $" {i}" : ""), "dana@acme.example", StakeholderRole.Champion, Line("VP Operations")))],
            Risks = [.. Enumerable.Range(0, Many(1, 15)).Select(i => new Risk(RiskCategory.Timeline, Severity.Medium, Line("Peak season freeze in December") + (i > 0 ? $" {i}" : "")))],
            SpecialTerms = [new SpecialTerm(SpecialTermKind.Discount, Line("15% year-one discount"))],
            ExpansionPotential = Line("Two more depots next year"),
            TargetGoLive = new DateOnly(2027, 1, 15),
        };

        public BriefDraft Draft()
        {
            Evidence Said(string quote, string speaker, int minute) => new(Line(quote), "t-1", Name(speaker), TimeSpan.FromMinutes(minute));
            var ev = Said("we need late deliveries cut in half before peak season", "Dana Ruiz", 11);
            return new BriefDraft
            {
                Goals = [new Drafted<string>("g-1", Line("Cut late deliveries by half"), ev), new Drafted<string>("g-2", Line("Real-time ETAs for customers"), Said("our customers call us all day asking where the truck is", "Dana Ruiz", 14))],
                Commitments = [.. Enumerable.Range(0, Many(1, 20)).Select(i => new Drafted<Commitment>($"c-{i}", new Commitment(Line("Weekly check-ins during rollout") + (i > 0 ? $" {i}" : ""), null, "avery.ae@example.com"), Said("we'll do a weekly check-in with you until you're live", "Avery Quinn", 32)))],
                SuccessCriteria = [new Drafted<string>("sc-1", Line("Late deliveries below 3% by March"), Said("if we're under three percent late by March, this paid off", "Sam Patel", 27))],
                Risks = [new Drafted<Risk>("r-1", new Risk(RiskCategory.Competitor, Severity.High, Line("Evaluating a competitor for telematics")), Said("we're still looking at another telematics vendor", "Sam Patel", 25))],
                Stakeholders = [new Drafted<Stakeholder>("s-1", new Stakeholder(Name("Sam Patel"), null, StakeholderRole.EconomicBuyer, Line("CFO")), Said("Sam signs off on anything over a hundred thousand", "Dana Ruiz", 19))],
                CreatedAt = Now,
            };
        }
    }
}
