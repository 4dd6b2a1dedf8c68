using ScaleLab.Lab.Audit;

namespace ScaleLab.Lab.Tests.Audit;

public sealed class OrderAuditTests
{
    [Fact]
    public void Compare_EveryAcknowledgedOrderOnce_Passes()
    {
        var report = OrderAudit.Compare(Orders(("a", 1), ("b", 1), ("unacknowledged", 1)), ["a", "b"]);

        Assert.True(report.Passed);
        Assert.Equal(2, report.FoundOnce);
        Assert.Equal(3, report.OrdersInDatabase);
    }

    [Fact]
    public void Compare_AcknowledgedOrderMissing_Fails()
    {
        var report = OrderAudit.Compare(Orders(("a", 1)), ["a", "lost"]);

        Assert.False(report.Passed);
        Assert.Equal(["lost"], report.Missing);
    }

    [Fact]
    public void Compare_KeyOrderedTwice_FailsEvenIfNeverAcknowledged()
    {
        var report = OrderAudit.Compare(Orders(("a", 1), ("twice", 2)), ["a"]);

        Assert.False(report.Passed);
        Assert.Equal(["twice"], report.Duplicated);
    }

    [Fact]
    public void ReadKeys_FileWithBlanksAndComments_ReturnsTheKeys()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllLines(path, ["# acknowledged", "k1", "", "  k2  "]);

            Assert.Equal(["k1", "k2"], OrderAudit.ReadKeys(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static Dictionary<string, int> Orders(params (string Key, int Count)[] orders) =>
        orders.ToDictionary(o => o.Key, o => o.Count, StringComparer.Ordinal);
}
