using ScaleLab.Core.Text;

namespace ScaleLab.Core.Tests.Text;

public sealed class NearestNameTests
{
    private static readonly string[] Commands = ["run", "fit", "diagnose", "lab"];
    private static readonly string[] Options = ["--connections", "--duration", "--rate", "--requests-file", "--think-time", "--timeout"];

    [Theory]
    [InlineData("rnu", "run")]
    [InlineData("rn", "run")]
    [InlineData("daignose", "diagnose")]
    [InlineData("diagnos", "diagnose")]
    [InlineData("fti", "fit")]
    public void Find_TypoOfACommand_ReturnsIt(string typed, string expected) =>
        Assert.Equal(expected, NearestName.Find(typed, Commands));

    [Theory]
    [InlineData("--durration", "--duration")]
    [InlineData("--conections", "--connections")]
    [InlineData("--thinktime", "--think-time")]
    [InlineData("--requests-fil", "--requests-file")]
    [InlineData("--TIMEOUT", "--timeout")]
    public void Find_TypoOfAnOption_ReturnsIt(string typed, string expected) =>
        Assert.Equal(expected, NearestName.Find(typed, Options));

    [Theory]
    [InlineData("deploy")]
    [InlineData("xyz")]
    public void Find_NothingNear_ReturnsNull(string typed) => Assert.Null(NearestName.Find(typed, Commands));

    [Theory]
    [InlineData("weight", "wieght", 1)]
    [InlineData("abc", "abc", 0)]
    [InlineData("abc", "", 3)]
    [InlineData("kitten", "sitting", 3)]
    public void Distance_Pairs_CountsEdits(string a, string b, int expected) => Assert.Equal(expected, NearestName.Distance(a, b));
}
