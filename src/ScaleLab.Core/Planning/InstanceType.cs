using System.Text.Json.Serialization;

namespace ScaleLab.Core.Planning;

/// <summary>One machine a catalog offers: its size and its price.</summary>
/// <param name="Name">The provider's name for it, such as <c>m7i.large</c>.</param>
/// <param name="Vcpus">Virtual CPUs.</param>
/// <param name="MemoryGib">Memory in GiB.</param>
/// <param name="PricePerHour">The price of one hour, in the catalog's currency.</param>
public sealed record InstanceType(
    string Name,
    [property: JsonPropertyName("vCPUs")] int Vcpus,
    [property: JsonPropertyName("memoryGiB")] double MemoryGib,
    double PricePerHour)
{
    /// <summary>Hours in a month as cloud providers bill them (365 × 24 / 12).</summary>
    public const double HoursPerMonth = 730;

    /// <summary>The price of a month of <paramref name="count"/> of these machines.</summary>
    public double MonthlyCost(int count = 1) => Math.Round(PricePerHour * HoursPerMonth * count, 2);
}
