using System.Diagnostics;
using System.Globalization;

namespace ScaleLab.Load.Tests.Support;

/// <summary>
/// Counts a server's open connections as the kernel sees them (<c>/proc/net/tcp</c>): the entries whose local port is
/// the server's and whose state is ESTABLISHED. Counting from the kernel, not from the server's bookkeeping, sees a
/// connection the client forgot as well as one the server did.
/// </summary>
internal static class TcpConnections
{
    private const string Established = "01";

    public static int CountEstablished(int localPort)
    {
        var count = 0;
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // "  sl  local_address rem_address   st ...": addresses are HEXIP:HEXPORT.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 3 && fields[3] == Established
                && int.Parse(fields[1].AsSpan(fields[1].IndexOf(':') + 1), NumberStyles.HexNumber, CultureInfo.InvariantCulture) == localPort)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Polls until the server on <paramref name="localPort"/> has no established connection; the last count otherwise.</summary>
    public static async Task<int> WaitForNoneAsync(int localPort, TimeSpan deadline)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var count = CountEstablished(localPort);
            if (count == 0 || clock.Elapsed > deadline)
            {
                return count;
            }

            await Task.Delay(20);
        }
    }
}
