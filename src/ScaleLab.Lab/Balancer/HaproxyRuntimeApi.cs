using System.Net.Sockets;
using System.Text;

namespace ScaleLab.Lab.Balancer;

/// <summary>HAProxy's runtime API on its admin socket: one command per connection, the answer read to the end.</summary>
internal sealed class HaproxyRuntimeApi(string socketPath)
{
    public async Task<string> SendAsync(string command, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes(command + "\n"), SocketFlags.None, cancellationToken);
        var answer = new StringBuilder();
        var buffer = new byte[8192];
        int read;
        while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, cancellationToken)) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        return answer.ToString();
    }

    /// <summary>Sends a command that answers nothing (or a blank line) on success; anything else is HAProxy's error.</summary>
    public async Task RunAsync(string command, CancellationToken cancellationToken)
    {
        var answer = (await SendAsync(command, cancellationToken)).Trim();
        if (answer.Length > 0 && !answer.StartsWith("IP changed", StringComparison.Ordinal) && !answer.StartsWith("no need to change", StringComparison.Ordinal)
            && !answer.Contains("port changed", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"haproxy: '{command}': {answer}");
        }
    }

    /// <summary>Current sessions (scur) per server of a backend, from <c>show stat</c>.</summary>
    public async Task<IReadOnlyDictionary<string, int>> CurrentSessionsAsync(string backend, CancellationToken cancellationToken)
    {
        var csv = await SendAsync("show stat", cancellationToken);
        var result = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var line in csv.Split('\n'))
        {
            var fields = line.Split(',');
            // pxname, svname, qcur, qmax, scur, ...
            if (fields.Length > 4 && fields[0] == backend && fields[1] is not ("BACKEND" or "FRONTEND")
                && int.TryParse(fields[4], System.Globalization.CultureInfo.InvariantCulture, out var current))
            {
                result[fields[1]] = current;
            }
        }

        return result;
    }
}
