using HandoffBot.Core.Handoffs;

namespace HandoffBot.Core.Notifications;

/// <summary>The notifiers of the enabled platforms; asking for a disabled one throws <see cref="PlatformDisabledException"/>.</summary>
public sealed class NotifierRegistry
{
    private readonly Dictionary<ChatPlatform, IChatNotifier> notifiers;

    public NotifierRegistry(IEnumerable<IChatNotifier> notifiers)
    {
        ArgumentNullException.ThrowIfNull(notifiers);
        this.notifiers = [];
        foreach (var notifier in notifiers)
        {
            if (!this.notifiers.TryAdd(notifier.Platform, notifier))
            {
                throw new InvalidOperationException($"Two notifiers registered for {notifier.Platform}.");
            }
        }
    }

    public IReadOnlyCollection<ChatPlatform> Enabled => notifiers.Keys;

    public IChatNotifier For(ChatPlatform platform) =>
        notifiers.TryGetValue(platform, out var notifier) ? notifier : throw new PlatformDisabledException(platform);
}
