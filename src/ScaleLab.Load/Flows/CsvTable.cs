using System.Text;

namespace ScaleLab.Load.Flows;

/// <summary>Reads a flow's data file: a header row of column names, then rows (RFC 4180: commas, double quotes).</summary>
internal static class CsvTable
{
    public static FlowData Read(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"data file '{path}' cannot be read: {ex.Message.Split('\n')[0]}");
        }

        var records = Parse(text, path);
        if (records.Count < 2)
        {
            throw new FormatException($"data file '{path}' needs a header row and at least one row");
        }

        var columns = records[0];
        for (var i = 1; i < records.Count; i++)
        {
            if (records[i].Length != columns.Length)
            {
                throw new FormatException($"data file '{path}': row {i + 1} has {records[i].Length} values for {columns.Length} columns");
            }
        }

        return new FlowData(columns, records.Skip(1).ToList());
    }

    private static List<string[]> Parse(string text, string path)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i++];
            if (quoted)
            {
                if (c == '"' && i < text.Length && text[i] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"' && field.Length == 0)
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i < text.Length && text[i] == '\n')
                {
                    i++;
                }

                EndRecord();
            }
            else
            {
                field.Append(c);
            }
        }

        if (quoted)
        {
            throw new FormatException($"data file '{path}': a quoted value is not closed");
        }

        EndRecord();
        return records;

        void EndRecord()
        {
            fields.Add(field.ToString());
            field.Clear();
            // A blank line (a trailing newline, most often) is no row.
            if (fields.Count > 1 || fields[0].Length > 0)
            {
                records.Add([.. fields]);
            }

            fields.Clear();
        }
    }
}
