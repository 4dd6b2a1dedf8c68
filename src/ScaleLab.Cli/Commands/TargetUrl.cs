using System.Globalization;
using System.Text.RegularExpressions;

namespace ScaleLab.Cli.Commands;

/// <summary>
/// A target URL as the user typed it, checked: http or https with a host, a port from 1 to 65535, and no
/// credentials. Credentials in a URL (<c>http://user:password@host/</c>) are refused rather than sent, because
/// the URL is echoed into progress lines, errors and every JSON result (target, command line); the error shows
/// them as <c>user:***@</c>, never the password.
/// </summary>
internal static partial class TargetUrl
{
    public static Uri Parse(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            if (Authority().Match(url) is { Success: true } match
                && (!int.TryParse(match.Groups["port"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535))
            {
                throw new UsageException($"'{Redact(url)}': port {match.Groups["port"].Value} is out of range (1 to 65535)");
            }

            throw new UsageException($"'{Redact(url)}' is not an http:// or https:// URL");
        }

        if ((uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || string.IsNullOrEmpty(uri.Host))
        {
            throw new UsageException($"'{Redact(url)}' is not an http:// or https:// URL");
        }

        if (uri.UserInfo.Length > 0)
        {
            throw new UsageException(
                $"'{Redact(url)}': credentials in the URL are not sent, since the URL is printed and written into results; give them as a header, -H 'Authorization: Basic <base64 of user:password>'");
        }

        if (uri.Port == 0)
        {
            throw new UsageException($"'{url}': port 0 is out of range (1 to 65535)");
        }

        return uri;
    }

    /// <summary>The URL with any password replaced by <c>***</c> (<c>http://user:***@host/</c>).</summary>
    public static string Redact(string url) => UserInfo().Replace(url, match => $"{match.Groups["scheme"].Value}{match.Groups["user"].Value}{(match.Groups["password"].Success ? ":***" : string.Empty)}@");

    [GeneratedRegex(@"^[A-Za-z][A-Za-z0-9+.-]*://(?:[^@/?#]*@)?(?:\[[^\]]*\]|[^:/?#\[\]]*):(?<port>\d+)(?:[/?#]|$)")]
    private static partial Regex Authority();

    [GeneratedRegex(@"(?<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?<user>[^:@/?#]*)(?::(?<password>[^@/?#]*))?@")]
    private static partial Regex UserInfo();
}
