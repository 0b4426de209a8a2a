using System.Runtime.InteropServices;

namespace HandoffBot.Slack;

/// <summary>
/// Lowers the calling thread's CPU priority (Linux: nice 10 for this thread only; elsewhere
/// <see cref="Thread.Priority"/>). Best effort: where it is not allowed, nothing changes.
/// </summary>
internal static class BackgroundPriority
{
    private const int PrioProcess = 0;
    private const int Nice = 10;

    public static void Lower()
    {
        if (OperatingSystem.IsLinux())
        {
            try
            {
                // On Linux, PRIO_PROCESS with a thread id sets that thread's nice value.
                _ = SetPriority(PrioProcess, GetTid(), Nice);
            }
            catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
            {
                // No libc to ask: stay at normal priority.
            }

            return;
        }

        Thread.CurrentThread.Priority = ThreadPriority.BelowNormal;
    }

    // DllImport, not LibraryImport: blittable ints need no marshalling code, and the project stays without unsafe blocks.
#pragma warning disable SYSLIB1054
    [DllImport("libc", EntryPoint = "setpriority")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int SetPriority(int which, int who, int prio);

    [DllImport("libc", EntryPoint = "gettid")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int GetTid();
#pragma warning restore SYSLIB1054
}
