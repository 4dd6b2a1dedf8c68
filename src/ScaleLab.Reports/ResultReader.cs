using System.Text.Json;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Planning;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Reports;

/// <summary>Reads any ScaleLab JSON result, by its <c>kind</c>, through the conventions every result is written with (<see cref="ResultJson"/>).</summary>
public static class ResultReader
{
    /// <summary>The kinds a report shows.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["run", "fit", "diagnose", "scale", "plan"];

    /// <summary>
    /// The result in <paramref name="json"/>; throws <see cref="ReportInputException"/> with one line naming
    /// <paramref name="source"/> when the text is no result of a known kind.
    /// </summary>
    public static ReportInput Read(string json, string source)
    {
        ArgumentNullException.ThrowIfNull(json);
        string kind;
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ReportInputException($"{source}: not a ScaleLab result (the JSON is not an object)");
            }

            if (!document.RootElement.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
            {
                throw new ReportInputException($"{source}: not a ScaleLab result (no \"kind\" field)");
            }

            kind = kindElement.GetString()!;
        }
        catch (JsonException ex)
        {
            throw new ReportInputException($"{source}: not JSON ({FirstLine(ex.Message)})");
        }

        try
        {
            ResultDocument? result = kind switch
            {
                "run" => JsonSerializer.Deserialize<RunResult>(json, ResultJson.Options),
                "fit" => JsonSerializer.Deserialize<FitResult>(json, ResultJson.Options),
                "diagnose" => JsonSerializer.Deserialize<DiagnoseResult>(json, ResultJson.Options),
                "scale" => JsonSerializer.Deserialize<ScaleResult>(json, ResultJson.Options),
                "plan" => JsonSerializer.Deserialize<PlanResult>(json, ResultJson.Options),
                _ => throw new ReportInputException(
                    $"{source}: a result of kind \"{Printable(kind)}\" has no report (known kinds: {string.Join(", ", Kinds)})"),
            };
            return result is null
                ? throw new ReportInputException($"{source}: not a ScaleLab result (the JSON is null)")
                : new ReportInput(source, result);
        }
        catch (JsonException ex)
        {
            throw new ReportInputException($"{source}: not a valid {kind} result ({FirstLine(ex.Message)})");
        }
        catch (NotSupportedException ex)
        {
            throw new ReportInputException($"{source}: not a valid {kind} result ({FirstLine(ex.Message)})");
        }
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>A kind from an untrusted file, cut short and without control characters, fit for one line on a terminal.</summary>
    private static string Printable(string kind)
    {
        var clean = new string(kind.Select(c => char.IsControl(c) ? '?' : c).ToArray());
        return clean.Length > 40 ? clean[..40] + "…" : clean;
    }
}
