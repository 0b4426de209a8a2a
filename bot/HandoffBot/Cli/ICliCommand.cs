namespace HandoffBot.Cli;

/// <summary>
/// A command-line verb: `dotnet run --project bot/HandoffBot -- {Name} …`. It runs on the same
/// composed services as the server (same settings, same LiteDB file), then exits. A command that
/// needs the data file takes it when it runs, not when it is constructed (every command is
/// constructed to list them): the file's lock then only stops the verbs that use it.
/// </summary>
public interface ICliCommand
{
    /// <summary>The verb, one or two words ("import", "playbook preview").</summary>
    string Name { get; }

    string Usage { get; }

    /// <summary>Returns the process exit code: 0 success, 1 partial failure, 2 usage error.</summary>
    Task<int> RunAsync(IReadOnlyList<string> args, TextWriter output, TextWriter error, CancellationToken ct);
}
