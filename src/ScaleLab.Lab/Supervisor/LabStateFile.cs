using System.Globalization;
using System.Text.Json;
using ScaleLab.Core.Results;
using ScaleLab.Lab.Database;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Supervisor;

/// <summary>Reads, writes and clears the lab's state file, and tells a live lab from the remains of a dead one.</summary>
public static class LabStateFile
{
    /// <summary>The state file's path: under <c>$SCALELAB_LAB_DIR</c>, <c>$XDG_RUNTIME_DIR/scalelab-lab</c> or <c>/tmp/scalelab-lab-UID</c>.</summary>
    public static string Path => LabPaths.StateFile(LabPaths.Root());

    /// <summary>
    /// Takes the user's lab lock for the supervisor's lifetime: one lab per user (per state directory), even when two
    /// start at once. The lock is an flock(2) that the kernel drops when the process dies, SIGKILL included. Null
    /// when another process holds it.
    /// </summary>
    internal static FileStream? TryLock()
    {
        try
        {
            // On Unix, FileShare.None is an exclusive, non-blocking flock.
            return new FileStream(System.IO.Path.Combine(LabPaths.Root(), "lab.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The state of the lab whose supervisor is alive; null when none runs (the remains of a dead one are cleaned up first).</summary>
    public static LabState? ReadLive()
    {
        var state = Read();
        if (state is null)
        {
            return null;
        }

        if (IsAlive(state))
        {
            return state;
        }

        CleanUp(state);
        return null;
    }

    internal static LabState? Read()
    {
        try
        {
            return JsonSerializer.Deserialize<LabState>(File.ReadAllText(Path), ResultJson.Options);
        }
        catch (Exception ex) when (ex is IOException or JsonException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static void Write(LabState state)
    {
        var path = Path;
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, ResultJson.Serialize(state));
        LabPaths.MakePrivate(temporary);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes the state file if it is still this run's.</summary>
    internal static void Delete(string runId)
    {
        if (Read() is { } state && state.RunId == runId)
        {
            File.Delete(Path);
        }
    }

    /// <summary>
    /// True while the supervisor runs: its pid exists, is the same process (same start time), and is not a zombie
    /// (a process that exited but whose parent has not reaped it still answers kill(pid, 0), but serves nothing).
    /// </summary>
    internal static bool IsAlive(LabState state) =>
        PosixNative.IsAlive(state.SupervisorPid) && StartTicks(state.SupervisorPid) == state.SupervisorStartTicks && !IsZombie(state.SupervisorPid);

    /// <summary>True when the process has exited and waits to be reaped (state Z), or is being torn down (X).</summary>
    internal static bool IsZombie(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var close = stat.LastIndexOf(')');
            return close >= 0 && close + 2 < stat.Length && stat[close + 2] is 'Z' or 'X';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>
    /// After a supervisor died without cleaning up (SIGKILL): kills whatever of its run is left (the kernel's
    /// parent-death signal should have done it), deletes its temp directories and the state file.
    /// </summary>
    internal static void CleanUp(LabState state)
    {
        LabProcessMarker.KillAll(state.RunId);
        TryDelete(state.RunDirectory);
        for (var shard = 0; shard < 64; shard++)
        {
            TryDelete(PostgresCluster.DirectoryFor(state.RunId, shard));
        }

        Delete(state.RunId);
    }

    /// <summary>The start time of a process in clock ticks since boot; 0 when it is gone.</summary>
    internal static long StartTicks(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            // Field 22 of the whole line; the fields after "(comm)" start at field 3.
            return long.Parse(fields[22 - 3], CultureInfo.InvariantCulture);
        }
        catch (Exception ex) when (ex is IOException or FormatException or IndexOutOfRangeException or UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: temp files only.
        }
    }
}
