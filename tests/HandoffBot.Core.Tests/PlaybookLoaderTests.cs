using HandoffBot.Core.Handoffs;
using HandoffBot.Core.Playbooks;

namespace HandoffBot.Core.Tests;

public sealed class PlaybookLoaderTests
{
    private const string Minimal = "owners:\n  revopsFallback: revops@example.com\n";

    [Fact]
    public void DefaultPlaybook_Loads()
    {
        var path = DefaultPlaybook;

        var playbook = PlaybookLoader.LoadFile(path);

        Assert.Equal(["Enterprise", "Mid-Market", "SMB"], playbook.Segments.Select(s => s.Name));
        Assert.Equal(new SlaRule(new BusinessDuration(4, BusinessUnit.Hours), SlaAnchor.StageStart), playbook.Sla[Stage.CsReview]);
        Assert.Equal(new SlaRule(new BusinessDuration(2, BusinessUnit.Hours), SlaAnchor.StageStart), playbook.SlaFor("Enterprise", Stage.CsReview));
        Assert.Equal(SlaAnchor.Accepted, playbook.Sla[Stage.WarmIntro].From);
        Assert.Contains(playbook.SegmentNamed("Enterprise").Fields, f => f.Field == ContextField.SpecialTerms && f.Required);
        Assert.DoesNotContain(playbook.SegmentNamed("SMB").Fields, f => f.Field == ContextField.ExpansionPotential);
    }

    [Fact]
    public void MinimalPlaybook_TakesDefaults()
    {
        var playbook = PlaybookLoader.Parse(Minimal);

        Assert.Equal("revops@example.com", playbook.CsLead);
        Assert.Single(playbook.Segments, s => s.IsDefault);
        Assert.Equal(new[] { 50, 100 }, playbook.Reminders.AtPercent);
        Assert.Equal(new[] { 30, 60, 90 }, playbook.Polls.DaysAfterKickoff);
        Assert.Equal(TimeSpan.FromHours(8), playbook.Calendar.HoursPerDay);
    }

    [Theory]
    [InlineData("owners: {}\n", "owners.revopsFallback: an email address is required")]
    [InlineData(Minimal + "sla:\n  csReview: 4x\n", "sla.csReview: '4x' is not a clock")]
    [InlineData(Minimal + "sla:\n  lunch: 1h\n", "sla.lunch: not a stage with a clock")]
    [InlineData(Minimal + "sla:\n  warmIntro: 3d from lunch\n", "sla.warmIntro: '3d from lunch' is not a clock")]
    [InlineData(Minimal + "calendar:\n  timeZone: Mars/Base\n", "calendar.timeZone: 'Mars/Base' is not a time zone")]
    [InlineData(Minimal + "calendar:\n  hours: 17:00-09:00\n", "calendar.hours: '17:00-09:00' is not a working-hours range")]
    [InlineData(Minimal + "calendar:\n  workdays: [mon, funday]\n", "calendar.workdays[1]: 'funday' is not a day")]
    [InlineData(Minimal + "calendar:\n  holidays: [2026-13-01]\n", "calendar.holidays[0]: '2026-13-01' is not a date")]
    [InlineData(Minimal + "fields:\n  vibes: { weight: 5 }\n", "fields.vibes: not a deal-context field")]
    [InlineData(Minimal + "fields:\n  goals: { weight: lots }\n", "fields.goals.weight: 'lots' is not a whole number")]
    [InlineData(Minimal + "fields:\n  goals: { required: maybe }\n", "fields.goals.required: 'maybe' is not true or false")]
    [InlineData(Minimal + "segments:\n  - name: A\n  - name: B\n", "segments: exactly one segment must have 'default: true' (found 0)")]
    [InlineData(Minimal + "segments:\n  - name: A\n    default: true\n  - name: a\n", "segments[1].name: 'a' is used by two segments")]
    [InlineData(Minimal + "segments:\n  - name: A\n    default: true\n    csChannel: irc:#cs\n", "segments[0].csChannel: 'irc:#cs' is not a channel")]
    [InlineData(Minimal + "segments:\n  - name: A\n    default: true\n    arr: { min: 10, max: 5 }\n", "segments[0].arr: min must be below max")]
    [InlineData(Minimal + "digest:\n  cron: every monday\n", "digest.cron: 'every monday' is not a cron expression")]
    [InlineData(Minimal + "digest:\n  recipients: [bob]\n", "digest.recipients[0]: 'bob' is not an email address")]
    [InlineData(Minimal + "polls:\n  daysAfterKickoff: [30, 0]\n", "polls.daysAfterKickoff[1]: '0' is not a number of days")]
    [InlineData(Minimal + "reminders:\n  escalateTo: ceo\n", "reminders.escalateTo: 'ceo' is not manager or csLead")]
    [InlineData(Minimal + "slaa:\n  csReview: 4h\n", "line 3, column 1: unknown key 'slaa'")]
    [InlineData(Minimal + "  bad indentation: [\n", "line ")]
    [InlineData("", "the file is empty")]
    public void InvalidPlaybook_NamesTheKeyAndTheProblem(string yaml, string expected)
    {
        var ex = Assert.Throws<PlaybookException>(() => PlaybookLoader.Parse(yaml));

        Assert.Contains(ex.Problems, p => p.StartsWith(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void InvalidPlaybook_ReportsEveryProblemAtOnce()
    {
        var ex = Assert.Throws<PlaybookException>(() => PlaybookLoader.Parse(Minimal + "sla:\n  csReview: x\n  kickoff: y\ncalendar:\n  timeZone: Nowhere\n"));

        Assert.Equal(3, ex.Problems.Count);
    }

    [Fact]
    public void SegmentFor_MatchesCrmNameThenArrThenDefault()
    {
        var playbook = PlaybookLoader.LoadFile(DefaultPlaybook);
        Deal D(string? segment, decimal arr) => new() { CrmId = "x", AccountName = "x", Currency = "USD", AeEmail = "a@b.co", Segment = segment, Arr = arr };

        Assert.Equal("Enterprise", playbook.SegmentFor(D("strategic", 1)).Name);
        Assert.Equal("Mid-Market", playbook.SegmentFor(D("MM", 500_000)).Name);
        Assert.Equal("Mid-Market", playbook.SegmentFor(D(null, 25_000)).Name);
        Assert.Equal("Enterprise", playbook.SegmentFor(D("unknown", 100_000)).Name);
        Assert.Equal("SMB", playbook.SegmentFor(D(null, 24_999.99m)).Name);
    }

    /// <summary>The tests' copy of the shipped playbook (tests/Defaults), which a RevOps admin's edits never reach.</summary>
    private static string DefaultPlaybook => Path.Combine(AppContext.BaseDirectory, "Defaults", "playbook.yaml");

    internal static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "HandoffBot.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("HandoffBot.sln not found above the test folder.");
    }
}
