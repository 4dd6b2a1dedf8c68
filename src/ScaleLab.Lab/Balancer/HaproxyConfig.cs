using System.Globalization;
using System.Text;

namespace ScaleLab.Lab.Balancer;

/// <summary>
/// The configuration HAProxy starts with: one frontend on the entry port, one backend of <see cref="Slots"/> server
/// slots (<c>server-template</c>), all in maintenance until the supervisor fills them through the runtime API.
/// </summary>
internal static class HaproxyConfig
{
    public const string Backend = "replicas";
    public const string SlotPrefix = "r";
    public const int Slots = 64;

    public static string Create(int port, BalancerPolicy policy, string adminSocket, int? threads)
    {
        var text = new StringBuilder();
        text.AppendLine("global");
        // Each connection takes two descriptors (client and server side): 4,000 fits the usual 20,000-descriptor limit.
        text.AppendLine("    maxconn 4000");
        text.AppendLine(CultureInfo.InvariantCulture, $"    stats socket {adminSocket} mode 600 level admin");
        if (threads is { } n)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"    nbthread {n}");
        }

        text.AppendLine("defaults");
        text.AppendLine("    mode http");
        text.AppendLine("    timeout connect 5s");
        text.AppendLine("    timeout client 120s");
        text.AppendLine("    timeout server 120s");
        text.AppendLine("    option http-keep-alive");
        // A replica that refuses the connection (it died, and is not out of the backend yet): the retry goes to
        // another one, as YARP's RefusedConnectionRetry does.
        text.AppendLine("    retries 2");
        text.AppendLine("    option redispatch 1");
        // Reuse idle server connections across client connections, as YARP's pool does.
        text.AppendLine("    http-reuse always");
        text.AppendLine("frontend entry");
        text.AppendLine(CultureInfo.InvariantCulture, $"    bind 127.0.0.1:{port}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    default_backend {Backend}");
        text.AppendLine(CultureInfo.InvariantCulture, $"backend {Backend}");
        text.AppendLine(CultureInfo.InvariantCulture, $"    balance {BalancerPolicies.HaproxyName(policy)}");
        if (policy == BalancerPolicy.Sticky)
        {
            // A cookie per server computed from its address: server slots get addresses only at run time.
            text.AppendLine(CultureInfo.InvariantCulture, $"    cookie {YarpBalancer.AffinityCookie} insert indirect nocache dynamic");
            text.AppendLine("    dynamic-cookie-key scalelab");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"    server-template {SlotPrefix} 1-{Slots} 127.0.0.1:1 disabled");
        return text.ToString();
    }
}
