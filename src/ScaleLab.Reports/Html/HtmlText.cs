using System.Text;

namespace ScaleLab.Reports.Html;

/// <summary>
/// Escapes text for HTML and SVG. Every string a result file carries (target, command line, request names, advice)
/// is untrusted: a name such as <c>&lt;script&gt;</c> must show as text, never run, in element content and in
/// attribute values alike.
/// </summary>
internal static class HtmlText
{
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                // Control characters have no place in a report and some are invalid in XML (inline SVG).
                case < ' ' and not '\n' and not '\t' and not '\r': builder.Append('\uFFFD'); break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }
}
