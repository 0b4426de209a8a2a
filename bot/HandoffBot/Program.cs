using HandoffBot.Admin;
using HandoffBot.Ai;
using HandoffBot.Cards;
using HandoffBot.Cli;
using HandoffBot.Crm;
using HandoffBot.Hosting;
using HandoffBot.Intake;
using HandoffBot.Slack;
using HandoffBot.Storage;
using HandoffBot.Teams;
using HandoffBot.Timing;
using HandoffBot.Transcripts;

// Composition only: every area registers and maps itself through its own extension methods.
var commandLine = CliRunner.IsCommandLine(args);
var builder = WebApplication.CreateBuilder(commandLine ? [] : args);

builder.Services
    .AddProblemResponses()
    .AddLiteDbStorage()
    .AddHandoffCore()
    .AddDealIntake()
    .AddAdminApi()
    .AddTiming()
    .AddAiBrief()
    .AddTranscripts()
    .AddCards()
    .AddTeams(builder.Configuration)
    .AddSlack()
    .AddCrm();

var app = builder.Build();

if (commandLine)
{
    var exitCode = await app.Services.GetRequiredService<CliRunner>().RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
    await app.DisposeAsync(); // closes the data file cleanly (LiteDB merges its log into it) before the lock goes
    return exitCode;
}

if ((app.Services.CheckSettings(Console.Error) ?? app.Services.OpenDataFile(Console.Error)) is { } refused)
{
    return refused;
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapDealIntake();
app.MapAdminApi();
app.MapStorageAdmin();
app.MapTiming();
app.MapCards();
app.MapAiBrief();
app.MapTranscripts();
app.MapTeams();
app.MapSlack();
app.MapCrm();

await app.RunAsync();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
