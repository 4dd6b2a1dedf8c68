using System.Text;
using ScaleLab.Reports.Charts;

namespace ScaleLab.Reports.Html;

/// <summary>
/// Builds the report's HTML. Every method that takes text escapes it (<see cref="HtmlText"/>); only
/// <see cref="Raw"/> takes markup, and only markup this assembly made.
/// </summary>
internal sealed class HtmlWriter
{
    private readonly StringBuilder _html = new();

    public HtmlWriter Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    public HtmlWriter Text(string? text)
    {
        _html.Append(HtmlText.Escape(text));
        return this;
    }

    public HtmlWriter Element(string tag, string? text, string? css = null)
    {
        Open(tag, css);
        Text(text);
        return Close(tag);
    }

    public HtmlWriter Open(string tag, string? css = null, string? id = null)
    {
        _html.Append('<').Append(tag);
        if (id is not null)
        {
            _html.Append(" id=\"").Append(HtmlText.Escape(id)).Append('"');
        }

        if (css is not null)
        {
            _html.Append(" class=\"").Append(HtmlText.Escape(css)).Append('"');
        }

        _html.Append('>');
        return this;
    }

    public HtmlWriter Close(string tag)
    {
        _html.Append("</").Append(tag).Append('>');
        return this;
    }

    public HtmlWriter Paragraph(string? text, string? css = null) => string.IsNullOrEmpty(text) ? this : Element("p", text, css);

    public HtmlWriter List(IEnumerable<string> items, string? css = null)
    {
        var all = items.ToArray();
        if (all.Length == 0)
        {
            return this;
        }

        Open("ul", css);
        foreach (var item in all)
        {
            Element("li", item);
        }

        return Close("ul");
    }

    /// <summary>Labelled figures in a row of tiles: the numbers a reader looks for first.</summary>
    public HtmlWriter Tiles(IEnumerable<(string Label, string Value)> tiles)
    {
        Open("dl", "tiles");
        foreach (var (label, value) in tiles)
        {
            Open("div", "tile").Element("dt", label).Element("dd", value).Close("div");
        }

        return Close("dl");
    }

    /// <summary>A two-column table of settings: name, value.</summary>
    public HtmlWriter Settings(IEnumerable<(string Name, string? Value)> settings)
    {
        Open("table", "settings").Open("tbody");
        foreach (var (name, value) in settings.Where(s => !string.IsNullOrEmpty(s.Value)))
        {
            Open("tr").Element("th", name).Open("td").Text(value).Close("td").Close("tr");
        }

        return Close("tbody").Close("table");
    }

    /// <summary>A table; columns after the first are numbers, right-aligned. A row's css marks it (a bottleneck).</summary>
    public HtmlWriter Table(IReadOnlyList<string> headers, IEnumerable<(IReadOnlyList<string> Cells, string? Css)> rows, string? caption = null)
    {
        Open("div", "table-wrap").Open("table", "data-table");
        if (caption is not null)
        {
            Element("caption", caption);
        }

        Open("thead").Open("tr");
        foreach (var header in headers)
        {
            Element("th", header);
        }

        Close("tr").Close("thead").Open("tbody");
        foreach (var (cells, css) in rows)
        {
            Open("tr", css);
            for (var i = 0; i < cells.Count; i++)
            {
                Element(i == 0 ? "th" : "td", cells[i]);
            }

            Close("tr");
        }

        return Close("tbody").Close("table").Close("div");
    }

    public HtmlWriter Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows, string? caption = null) =>
        Table(headers, rows.Select(r => (r, (string?)null)), caption);

    /// <summary>Charts side by side (one per row when printed or narrow); charts without data are left out.</summary>
    public HtmlWriter Charts(params Chart?[] charts)
    {
        var drawn = charts.OfType<Chart>().Select(SvgChart.Render).Where(s => s.Length > 0).ToArray();
        if (drawn.Length == 0)
        {
            return this;
        }

        Open("div", "charts");
        foreach (var chart in drawn)
        {
            Raw(chart);
        }

        return Close("div");
    }

    /// <summary>One chart alone on its row, wider than a pair's (a plan's cost curve, the section's one chart); left out without data.</summary>
    public HtmlWriter WideChart(Chart chart)
    {
        var drawn = SvgChart.Render(chart);
        return drawn.Length == 0 ? this : Open("div", "charts wide").Raw(drawn).Close("div");
    }

    public override string ToString() => _html.ToString();
}
