using Microsoft.Extensions.Options;

namespace HandoffBot.Hosting;

/// <summary>
/// Validates every setting registered with ValidateOnStart before anything is mapped or opened, so a
/// refused configuration stops the process with its reasons and exit code 6, not a stack trace.
/// </summary>
public static class SettingsCheck
{
    public const int InvalidSettingsExitCode = 6;

    /// <summary>Null when every setting is valid; otherwise the exit code, after writing the reasons to <paramref name="error"/>.</summary>
    public static int? CheckSettings(this IServiceProvider services, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(error);
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (OptionsValidationException ex)
        {
            Write(error, [ex]);
        }
        catch (AggregateException ex) when (ex.InnerExceptions.All(e => e is OptionsValidationException))
        {
            Write(error, ex.InnerExceptions.Cast<OptionsValidationException>());
        }

        return InvalidSettingsExitCode;
    }

    private static void Write(TextWriter error, IEnumerable<OptionsValidationException> failures)
    {
        error.WriteLine("HandoffBot did not start: a setting is invalid.");
        foreach (var failure in failures.SelectMany(f => f.Failures))
        {
            error.WriteLine("  - " + failure);
        }
    }
}
