namespace ScaleLab.Core.Planning;

/// <summary>One point of the cost curve: so many machines of a size, what they handle, and their monthly price.</summary>
/// <param name="Instance">The machine.</param>
/// <param name="Count">How many.</param>
/// <param name="Vcpus">vCPUs of one.</param>
/// <param name="Throughput">Predicted capacity, per second.</param>
/// <param name="MonthlyCost">Monthly price of all of them.</param>
public sealed record CostPoint(string Instance, int Count, int Vcpus, double Throughput, double MonthlyCost);

/// <summary>Monthly cost against capacity for both paths (<c>costCurve</c>), for the report's chart.</summary>
/// <param name="ScaleOut">1, 2, … replicas of the scale-out machine.</param>
/// <param name="ScaleUp">One of each catalog machine.</param>
public sealed record CostCurve(IReadOnlyList<CostPoint> ScaleOut, IReadOnlyList<CostPoint> ScaleUp);
