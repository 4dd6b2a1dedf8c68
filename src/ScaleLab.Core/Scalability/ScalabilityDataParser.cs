using System.Globalization;
using System.Text.Json;
using ScaleLab.Core.Text;

namespace ScaleLab.Core.Scalability;

/// <summary>Measured points read from text, and where they came from.</summary>
/// <param name="Points">The (N, X) points in file order.</param>
/// <param name="Format"><c>csv</c> or <c>json</c>.</param>
/// <param name="NColumn">The column or field read as N.</param>
/// <param name="ThroughputColumn">The column or field read as throughput.</param>
/// <param name="Notes">Rows skipped and why (an empty cell, a step without throughput).</param>
public sealed record ScalabilityData(
    IReadOnlyList<ScalabilityPoint> Points,
    string Format,
    string NColumn,
    string ThroughputColumn,
    IReadOnlyList<string> Notes);

/// <summary>
/// Reads (N, throughput) points from the text of a CSV file or of a ScaleLab JSON result. Pure: the caller reads
/// the file. Problems throw <see cref="ScalabilityDataException"/> with the line or step at fault.
/// </summary>
/// <remarks>
/// CSV: a header row names the columns; N and throughput are the first two unless named (by header, or by
/// 1-based number). Comma, semicolon, tab or spaces separate fields; <c>#</c> starts a comment line; a row with
/// an empty or <c>NA</c> cell is skipped with a note. A file whose first row is numeric has no header.
/// JSON: an object with a <c>steps</c> (or <c>points</c>) array, or a bare array, whose items carry N as
/// <c>concurrency</c>, <c>replicas</c> or <c>n</c> and X as <c>throughput</c>; or an array of [N, X] pairs.
/// </remarks>
public static class ScalabilityDataParser
{
    private static readonly string[] NFields = ["concurrency", "replicas", "n", "load", "users", "processors", "cpus"];
    private static readonly string[] ThroughputFields = ["throughput", "x", "rps"];
    private static readonly string[] ArrayFields = ["steps", "points"];

    /// <summary>Reads JSON when the text starts with <c>{</c> or <c>[</c>, CSV otherwise.</summary>
    public static ScalabilityData Parse(string text, string? nColumn = null, string? throughputColumn = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var first = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return first.StartsWith('{') || first.StartsWith('[')
            ? ParseJson(text, nColumn, throughputColumn)
            : ParseCsv(text, nColumn, throughputColumn);
    }

    /// <summary>Reads a CSV table with a header row.</summary>
    public static ScalabilityData ParseCsv(string text, string? nColumn = null, string? throughputColumn = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var lines = text.TrimStart('\uFEFF').Split('\n')
            .Select((line, index) => (Text: line.TrimEnd('\r'), Number: index + 1))
            .Where(l => l.Text.Trim().Length > 0 && !l.Text.TrimStart().StartsWith('#'))
            .ToList();
        if (lines.Count == 0)
        {
            throw new ScalabilityDataException("the file is empty: expected a CSV header and rows of N, throughput");
        }

        var separator = Separator(lines[0].Text);
        var firstRow = Split(lines[0].Text, separator);
        var hasHeader = !firstRow.All(f => TryNumber(f, out _));
        var header = hasHeader ? firstRow : firstRow.Select((_, i) => (i + 1).ToString(CultureInfo.InvariantCulture)).ToArray();
        if (header.Length < 2)
        {
            throw new ScalabilityDataException(
                $"line {lines[0].Number}: expected at least two columns (N, throughput) separated by commas, got '{Truncate(lines[0].Text)}'");
        }

        var nIndex = Column(header, nColumn, 0, "--n", hasHeader);
        var xIndex = Column(header, throughputColumn, 1, "--x", hasHeader);
        if (nIndex == xIndex)
        {
            throw new ScalabilityDataException(SameColumn(header[nIndex]));
        }

        var points = new List<ScalabilityPoint>();
        var notes = new List<string>();
        foreach (var (line, number) in lines.Skip(hasHeader ? 1 : 0))
        {
            var fields = Split(line, separator);
            // A row with a field too many or too few has a separator missing or doubled: its values may sit in
            // the wrong columns, so it is refused rather than read.
            if (fields.Length != header.Length)
            {
                throw new ScalabilityDataException(
                    $"line {number}: {fields.Length} field{(fields.Length == 1 ? "" : "s")}, but the {(hasHeader ? "header" : "first row")} has {header.Length} (a separator missing or extra?)");
            }

            var nText = fields[nIndex];
            var xText = fields[xIndex];
            if (IsMissing(nText) || IsMissing(xText))
            {
                notes.Add($"line {number} skipped: no value for {(IsMissing(nText) ? header[nIndex] : header[xIndex])}");
                continue;
            }

            points.Add(new ScalabilityPoint(
                Number(nText, $"line {number}", header[nIndex]),
                Number(xText, $"line {number}", header[xIndex])));
        }

        return new ScalabilityData(points, "csv", header[nIndex], header[xIndex], notes);
    }

    /// <summary>Reads a ScaleLab JSON result holding <c>steps</c>, or an array of points.</summary>
    public static ScalabilityData ParseJson(string text, string? nColumn = null, string? throughputColumn = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new ScalabilityDataException($"not valid JSON: {FirstLine(ex.Message)}");
        }

        using (document)
        {
            var items = Items(document.RootElement);
            var points = new List<ScalabilityPoint>();
            var notes = new List<string>();
            string? nName = null;
            string? xName = null;
            var index = 0;
            foreach (var item in items.EnumerateArray())
            {
                index++;
                var where = $"step {index}";
                if (item.ValueKind == JsonValueKind.Array)
                {
                    var pair = item.EnumerateArray().ToArray();
                    if (pair.Length < 2)
                    {
                        throw new ScalabilityDataException($"{where}: expected [N, throughput], got {Truncate(item.GetRawText())}");
                    }

                    points.Add(new ScalabilityPoint(JsonNumber(pair[0], where, "N"), JsonNumber(pair[1], where, "throughput")));
                    nName ??= "[0]";
                    xName ??= "[1]";
                    continue;
                }

                if (item.ValueKind != JsonValueKind.Object)
                {
                    throw new ScalabilityDataException($"{where}: expected an object with concurrency and throughput, got {Truncate(item.GetRawText())}");
                }

                var n = Field(item, nColumn is null ? NFields : [nColumn]);
                var x = Field(item, throughputColumn is null ? ThroughputFields : [throughputColumn]);
                if (n is null)
                {
                    throw new ScalabilityDataException(
                        $"{where}: no N field ({(nColumn is null ? string.Join(", ", NFields.Take(3)) : nColumn)}){Misspelt(item, nColumn is null ? NFields : [nColumn])}");
                }

                if (x is null || x.Value.Value.ValueKind == JsonValueKind.Null)
                {
                    notes.Add($"{where} skipped: no {(throughputColumn ?? "throughput")}");
                    continue;
                }

                if (string.Equals(n.Value.Name, x.Value.Name, StringComparison.OrdinalIgnoreCase))
                {
                    throw new ScalabilityDataException(SameColumn(n.Value.Name));
                }

                nName ??= n.Value.Name;
                xName ??= x.Value.Name;
                points.Add(new ScalabilityPoint(JsonNumber(n.Value.Value, where, n.Value.Name), JsonNumber(x.Value.Value, where, x.Value.Name)));
            }

            return new ScalabilityData(points, "json", nName ?? nColumn ?? "concurrency", xName ?? throughputColumn ?? "throughput", notes);
        }
    }

    private static JsonElement Items(JsonElement root)
    {
        if (root.ValueKind == JsonValueKind.Array)
        {
            return root;
        }

        if (root.ValueKind == JsonValueKind.Object)
        {
            foreach (var name in ArrayFields)
            {
                if (Field(root, [name]) is { Value.ValueKind: JsonValueKind.Array } found)
                {
                    return found.Value;
                }
            }
        }

        throw new ScalabilityDataException(
            "the JSON holds no 'steps' array: expected a ScaleLab result with steps [{ \"concurrency\": N, \"throughput\": X }]");
    }

    private static (string Name, JsonElement Value)? Field(JsonElement item, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            foreach (var property in item.EnumerateObject())
            {
                if (string.Equals(property.Name, name, StringComparison.OrdinalIgnoreCase))
                {
                    return (property.Name, property.Value);
                }
            }
        }

        return null;
    }

    private static double JsonNumber(JsonElement value, string where, string name)
    {
        var parsed = value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDouble(out var d) ? d : (double?)null,
            JsonValueKind.String => TryNumber(value.GetString() ?? "", out var s) ? s : null,
            _ => null,
        };
        if (parsed is not { } number || !double.IsFinite(number))
        {
            throw new ScalabilityDataException($"{where}: {name} is {Truncate(value.GetRawText())}, not a finite number");
        }

        return number;
    }

    private static char? Separator(string headerLine) =>
        headerLine.Contains('\t') ? '\t'
        : headerLine.Contains(';') ? ';'
        : headerLine.Contains(',') ? ','
        : null; // whitespace

    private static string[] Split(string line, char? separator)
    {
        if (separator is null)
        {
            return line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        }

        var fields = new List<string>();
        var current = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '"')
            {
                if (quoted && i + 1 < line.Length && line[i + 1] == '"')
                {
                    current.Append('"');
                    i++;
                }
                else
                {
                    quoted = !quoted;
                }
            }
            else if (c == separator && !quoted)
            {
                fields.Add(current.ToString().Trim());
                current.Clear();
            }
            else
            {
                current.Append(c);
            }
        }

        fields.Add(current.ToString().Trim());
        return fields.ToArray();
    }

    private static int Column(string[] header, string? requested, int fallback, string option, bool hasHeader)
    {
        if (requested is null)
        {
            return fallback;
        }

        var byName = Array.FindIndex(header, h => string.Equals(h, requested.Trim(), StringComparison.OrdinalIgnoreCase));
        if (byName >= 0)
        {
            return byName;
        }

        if (int.TryParse(requested, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1 && number <= header.Length)
        {
            return number - 1;
        }

        throw new ScalabilityDataException(hasHeader
            ? $"{option} {requested}: no such column{(NearestName.Find(requested, header) is { } nearest ? $" (did you mean {nearest}?)" : "")} (columns: {string.Join(", ", header)})"
            : $"{option} {requested}: the file has no header row, so name columns by number (1 to {header.Length})");
    }

    /// <summary>" (is 'concurency' a misspelt concurrency?)" when a field of the item is near a wanted name.</summary>
    private static string Misspelt(JsonElement item, IReadOnlyList<string> wanted)
    {
        foreach (var property in item.EnumerateObject())
        {
            if (NearestName.Find(property.Name, wanted) is { } nearest)
            {
                return $" (is '{property.Name}' a misspelt {nearest}?)";
            }
        }

        return string.Empty;
    }

    private static string SameColumn(string name) =>
        $"N and throughput would both be read from '{name}': give --n and --x different columns";

    private static bool IsMissing(string field) =>
        field.Length == 0 || field.Equals("NA", StringComparison.OrdinalIgnoreCase) || field.Equals("null", StringComparison.OrdinalIgnoreCase);

    private static double Number(string field, string where, string column)
    {
        if (!TryNumber(field, out var value))
        {
            throw new ScalabilityDataException($"{where}: '{Truncate(field)}' in column '{column}' is not a number");
        }

        if (!double.IsFinite(value))
        {
            throw new ScalabilityDataException($"{where}: {column} is {field}, not a finite number");
        }

        return value;
    }

    private static bool TryNumber(string field, out double value) =>
        double.TryParse(field.Trim().Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..37] + "...";

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();
}
