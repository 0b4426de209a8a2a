using HandoffBot.Core.People;
using Microsoft.Bot.Builder;

namespace HandoffBot.Teams;

/// <summary>Told when the bot has been installed in a personal chat (after the welcome, if one was sent), e.g. by the demo.</summary>
public interface ITeamsInstallObserver
{
    /// <param name="person">Who installed it, when the directory knows them.</param>
    /// <param name="isNew">The chat was not known before (the welcome was sent).</param>
    Task OnPersonalInstalledAsync(ITurnContext turn, Person? person, bool isNew, CancellationToken ct);
}
