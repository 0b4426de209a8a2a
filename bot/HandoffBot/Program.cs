using HandoffBot.Admin;
using HandoffBot.Ai;
using HandoffBot.Cards;
using HandoffBot.Cli;
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
    .AddSlack();

var app = builder.Build();

if (commandLine)
{
    return await app.Services.GetRequiredService<CliRunner>().RunAsync(args, Console.Out, Console.Error, CancellationToken.None);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapHealth();
app.MapDealIntake();
app.MapAdminApi();
app.MapTiming();
app.MapAiBrief();
app.MapTranscripts();
app.MapTeams();
app.MapSlack();

await app.RunAsync();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory&lt;Program&gt;).</summary>
public partial class Program;
