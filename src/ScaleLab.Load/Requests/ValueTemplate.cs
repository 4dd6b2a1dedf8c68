using System.Globalization;
using System.Text;

namespace ScaleLab.Load.Requests;

/// <summary>
/// Text with placeholders filled in per request: <c>{{randomInt 1 1000}}</c> (inclusive), <c>{{uuid}}</c>,
/// <c>{{sequence}}</c> (0, 1, 2, … across the run) and <c>{{randomItem a b c}}</c>; in a flow, <c>{{name}}</c> is a
/// virtual user's variable (a data column or an extracted value). Text without placeholders is rendered once and
/// reused, so a static request costs nothing per send.
/// </summary>
internal sealed class ValueTemplate
{
    private readonly Segment[] _segments;

    private ValueTemplate(string source, Segment[] segments)
    {
        Source = source;
        _segments = segments;
    }

    /// <summary>The text as written.</summary>
    public string Source { get; }

    /// <summary>True when the text has no placeholder.</summary>
    public bool IsStatic => _segments.All(s => s.Kind == SegmentKind.Literal);

    /// <summary>Parses a template; throws <see cref="FormatException"/> with a one-line reason.</summary>
    /// <param name="text">The text as written.</param>
    /// <param name="variable">
    /// In a flow: the number of a variable by its name, or a <see cref="FormatException"/> when no earlier step or data
    /// column sets it; null outside flows, where a bare name is an unknown placeholder.
    /// </param>
    public static ValueTemplate Parse(string text, Func<string, int>? variable = null)
    {
        var segments = new List<Segment>();
        var position = 0;
        while (position < text.Length)
        {
            var open = text.IndexOf("{{", position, StringComparison.Ordinal);
            if (open < 0)
            {
                segments.Add(Segment.Literal(text[position..]));
                break;
            }

            if (open > position)
            {
                segments.Add(Segment.Literal(text[position..open]));
            }

            var close = text.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                throw new FormatException($"unclosed '{{{{' in \"{text}\"");
            }

            segments.Add(ParsePlaceholder(text[(open + 2)..close].Trim(), variable));
            position = close + 2;
        }

        return new ValueTemplate(text, [.. segments]);
    }

    /// <summary>Appends the rendered text to <paramref name="output"/>.</summary>
    /// <param name="output">Where the text goes.</param>
    /// <param name="random">The client's random numbers.</param>
    /// <param name="sequence">The run's <c>{{sequence}}</c> counter.</param>
    /// <param name="variables">A flow's virtual user's variables by number; an unset one renders as nothing.</param>
    public void Render(StringBuilder output, Random random, ref long sequence, string?[]? variables = null)
    {
        Span<byte> uuid = stackalloc byte[16];
        foreach (var segment in _segments)
        {
            switch (segment.Kind)
            {
                case SegmentKind.Literal:
                    output.Append(segment.Text);
                    break;
                case SegmentKind.RandomInt:
                    output.Append(random.NextInt64(segment.Min, segment.Max + 1));
                    break;
                case SegmentKind.Uuid:
                    random.NextBytes(uuid);
                    output.Append(new Guid(uuid).ToString());
                    break;
                case SegmentKind.Sequence:
                    output.Append(Interlocked.Increment(ref sequence) - 1);
                    break;
                case SegmentKind.RandomItem:
                    output.Append(segment.Items![random.Next(segment.Items.Length)]);
                    break;
                case SegmentKind.Variable:
                    output.Append(variables?[segment.Min]);
                    break;
            }
        }
    }

    /// <summary>Renders to a new string (for the non-hot paths).</summary>
    public string Render(Random random, ref long sequence, string?[]? variables = null)
    {
        var builder = new StringBuilder();
        Render(builder, random, ref sequence, variables);
        return builder.ToString();
    }

    private static Segment ParsePlaceholder(string expression, Func<string, int>? variable)
    {
        var words = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        switch (words)
        {
            case ["uuid"]:
                return new Segment(SegmentKind.Uuid, null, 0, 0, null);
            case ["sequence"]:
                return new Segment(SegmentKind.Sequence, null, 0, 0, null);
            case ["randomInt", var low, var high]
                when long.TryParse(low, NumberStyles.Integer, CultureInfo.InvariantCulture, out var min)
                  && long.TryParse(high, NumberStyles.Integer, CultureInfo.InvariantCulture, out var max)
                  && min <= max && max < long.MaxValue:
                return new Segment(SegmentKind.RandomInt, null, min, max, null);
            case ["randomItem", .. var items] when items.Length > 0:
                return new Segment(SegmentKind.RandomItem, null, 0, 0, items);
            case [var name] when variable is not null && IsVariableName(name):
                return new Segment(SegmentKind.Variable, name, variable(name), 0, null);
            default:
                throw new FormatException(
                    $"unknown placeholder '{{{{{expression}}}}}' (use randomInt MIN MAX, uuid, sequence or randomItem A B …)");
        }
    }

    /// <summary>A variable's name: letters, digits, '_', '-' and '.', starting with a letter or '_'.</summary>
    public static bool IsVariableName(string name) =>
        name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.');

    private enum SegmentKind
    {
        Literal,
        RandomInt,
        Uuid,
        Sequence,
        RandomItem,
        Variable,
    }

    private sealed record Segment(SegmentKind Kind, string? Text, long Min, long Max, string[]? Items)
    {
        public static Segment Literal(string text) => new(SegmentKind.Literal, text, 0, 0, null);
    }
}
