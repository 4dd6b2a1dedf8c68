using ScaleLab.Core.Comparison;

namespace ScaleLab.Core.Tests.Comparison;

public sealed class ProportionTestTests
{
    [Fact]
    public void PValue_TenAgainstThirtyOfAThousand_MatchesPropTestWithoutCorrection()
    {
        // prop.test(c(10, 30), c(1000, 1000), correct = FALSE): X-squared = 10.204, p-value = 0.001401.
        Assert.Equal(0.001401, ProportionTest.PValue(10, 1000, 30, 1000), 5);
    }

    [Fact]
    public void PValue_NoErrorsEitherSide_IsOne()
    {
        Assert.Equal(1, ProportionTest.PValue(0, 1000, 0, 500));
    }
}
