using System.Text.Json;
using ScaleLab.Core.Results;

namespace ScaleLab.Core.Planning;

/// <summary>
/// The machines a plan may buy and what they cost (<c>--catalog FILE.json</c>): an object with <c>instances</c>
/// [{<c>name</c>, <c>vCPUs</c>, <c>memoryGiB</c>, <c>pricePerHour</c>}] and, optionally, where the prices come
/// from (<c>source</c>, <c>date</c>, <c>currency</c>, <c>examplePrices</c>); a bare array of instances also reads.
/// </summary>
public sealed record InstanceCatalog
{
    /// <summary>The machines, smallest first.</summary>
    public required IReadOnlyList<InstanceType> Instances { get; init; }

    /// <summary>Where the prices come from.</summary>
    public string? Source { get; init; }

    /// <summary>When the prices were read.</summary>
    public string? Date { get; init; }

    /// <summary>The currency of <see cref="InstanceType.PricePerHour"/>.</summary>
    public string Currency { get; init; } = "USD";

    /// <summary>True when the prices are examples, not quotes: the plan says so beside every cost.</summary>
    public bool ExamplePrices { get; init; }

    /// <summary>Parses a catalog.</summary>
    /// <exception cref="PlanningException">The text is not a catalog, or a machine has no name, CPUs or price.</exception>
    public static InstanceCatalog Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        InstanceCatalog? catalog;
        try
        {
            using var document = JsonDocument.Parse(json);
            catalog = document.RootElement.ValueKind == JsonValueKind.Array
                ? new InstanceCatalog { Instances = document.RootElement.Deserialize<InstanceType[]>(Options) ?? [] }
                : document.RootElement.Deserialize<InstanceCatalog>(Options);
        }
        catch (JsonException ex)
        {
            throw new PlanningException($"not a catalog ({ex.Message.Split('\n')[0]}); expected {{\"instances\": [{{\"name\", \"vCPUs\", \"memoryGiB\", \"pricePerHour\"}}]}}");
        }

        if (catalog?.Instances is not { Count: > 0 } instances)
        {
            throw new PlanningException("the catalog lists no instances");
        }

        foreach (var instance in instances)
        {
            if (string.IsNullOrWhiteSpace(instance.Name) || instance.Vcpus < 1 || !(instance.PricePerHour >= 0) || !double.IsFinite(instance.PricePerHour))
            {
                throw new PlanningException($"catalog instance '{instance.Name}': every instance needs a name, vCPUs of at least 1 and a price per hour of 0 or more");
            }
        }

        return catalog with { Instances = [.. instances.OrderBy(i => i.Vcpus).ThenBy(i => i.PricePerHour)] };
    }

    /// <summary>The cheapest machine with at least <paramref name="vcpus"/> vCPUs, or null.</summary>
    public InstanceType? SmallestWith(int vcpus) =>
        Instances.Where(i => i.Vcpus >= vcpus).OrderBy(i => i.PricePerHour).ThenBy(i => i.Vcpus).FirstOrDefault();

    private static readonly JsonSerializerOptions Options = new(ResultJson.Options)
    {
        PropertyNameCaseInsensitive = true,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };
}
