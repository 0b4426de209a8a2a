namespace HandoffBot.Core.Scheduling;

/// <summary>
/// Carried by an exception that is a normal state of the world, not a fault: nobody has installed the
/// bot in Teams yet, a platform is switched off, the CS channel is not set up. Its message says what to
/// do. The job runner logs it as one line (no stack trace) and the job waits and retries as usual.
/// </summary>
public interface IExpectedCondition;
