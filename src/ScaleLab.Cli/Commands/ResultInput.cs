using System.Text.Json;
using ScaleLab.Core.Diagnosis;
using ScaleLab.Core.Results;
using ScaleLab.Core.Scalability;
using ScaleLab.Core.Scaling;

namespace ScaleLab.Cli.Commands;

/// <summary>Reads a ScaleLab JSON result of any kind (<c>run</c>, <c>diagnose</c>, <c>scale</c>, <c>fit</c>), or says in one line why it can't.</summary>
internal static class ResultInput
{
    /// <summary>The kinds read, with their types.</summary>
    private static readonly Dictionary<string, Type> Kinds = new(StringComparer.Ordinal)
    {
        ["run"] = typeof(RunResult),
        ["diagnose"] = typeof(DiagnoseResult),
        ["scale"] = typeof(ScaleResult),
        ["fit"] = typeof(FitResult),
    };

    /// <summary>The result in <paramref name="path"/>; with <paramref name="accepted"/>, only those kinds, else <paramref name="otherwise"/> follows the kind found.</summary>
    /// <exception cref="UsageException">The file can't be read, isn't JSON, or isn't a result of a known (or accepted) kind.</exception>
    public static ResultDocument Read(string path, IReadOnlyCollection<string>? accepted = null, string? otherwise = null)
    {
        var text = InputFile.Read(path, "result file");
        string? kind;
        try
        {
            using var document = JsonDocument.Parse(text);
            kind = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.String
                ? k.GetString()
                : null;
        }
        catch (JsonException ex)
        {
            throw new UsageException($"{path}: not JSON ({ex.Message.Split('\n')[0]})");
        }

        if (kind is null)
        {
            throw new UsageException($"{path}: not a ScaleLab result (no \"kind\" field)");
        }

        if (accepted is not null && !accepted.Contains(kind))
        {
            throw new UsageException($"{path}: a {kind} result; {otherwise ?? $"this command reads {string.Join(", ", accepted)} results"}");
        }

        if (!Kinds.TryGetValue(kind, out var type))
        {
            throw new UsageException($"{path}: a {kind} result; this command reads {string.Join(", ", Kinds.Keys)} results");
        }

        try
        {
            return (ResultDocument)(JsonSerializer.Deserialize(text, type, ResultJson.Options)
                ?? throw new UsageException($"{path}: empty result"));
        }
        catch (Exception ex) when (ex is JsonException or NotSupportedException or InvalidOperationException or ArgumentException)
        {
            throw new UsageException($"{path}: not a readable {kind} result ({ex.Message.Split('\n')[0]})");
        }
    }
}
