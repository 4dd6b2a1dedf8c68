using System.Text.RegularExpressions;

namespace ScaleLab.Load.Requests;

/// <summary>
/// The default name of a request of a mix or a flow: its method and path template, each placeholder shown as its
/// first word in braces (<c>GET /users/{{userId}}/feed</c> is <c>GET /users/{userId}/feed</c>), so that the requests
/// of one endpoint share a row whatever values were sent.
/// </summary>
internal static partial class RequestName
{
    public static string Default(string method, string path)
    {
        var query = path.IndexOf('?', StringComparison.Ordinal);
        var template = Placeholder().Replace(query < 0 ? path : path[..query], match => "{" + match.Groups[1].Value + "}");
        return $"{method.ToUpperInvariant()} {template}";
    }

    [GeneratedRegex(@"\{\{\s*([^\s}]+)[^}]*\}\}")]
    private static partial Regex Placeholder();
}
