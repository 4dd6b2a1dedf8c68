namespace ScaleLab.Lab.Scenarios;

/// <summary>Every order updates the same product row, like a flash sale: writers queue on one row's lock.</summary>
internal sealed class HotRowScenario : ILabScenario
{
    /// <summary>The product every order goes to.</summary>
    public const long HotProductId = 1;

    public string Name => "hot-row";

    public string Summary => $"every order updates one product row (product {HotProductId}), like a flash sale";

    public long OrderTarget(long requestedProductId) => HotProductId;
}
