using ScaleLab.Core.Scalability;

namespace ScaleLab.Core.Tests.Scalability;

public class ScalabilityDataParserTests
{
    [Fact]
    public void ParseCsv_Header_ReadsTheFirstTwoColumns()
    {
        var data = ScalabilityDataParser.ParseCsv("load,throughput,p99\n1,64.9,10\n18,995.9,12\n");

        Assert.Equal([new(1, 64.9), new(18, 995.9)], data.Points);
        Assert.Equal("load", data.NColumn);
        Assert.Equal("throughput", data.ThroughputColumn);
        Assert.Equal("csv", data.Format);
    }

    [Fact]
    public void ParseCsv_NamedColumns_ReadsThoseColumns()
    {
        var data = ScalabilityDataParser.ParseCsv("run,Replicas,p99,RPS\na,1,10,100\nb,2,11,190\n", "replicas", "rps");

        Assert.Equal([new(1, 100), new(2, 190)], data.Points);
        Assert.Equal("Replicas", data.NColumn);
    }

    [Fact]
    public void ParseCsv_NumberedColumns_CountsFromOne()
    {
        var data = ScalabilityDataParser.ParseCsv("a,b,c\n9,1,100\n9,2,190\n", "2", "3");

        Assert.Equal([new(1, 100), new(2, 190)], data.Points);
    }

    [Fact]
    public void ParseCsv_NoHeader_ReadsTheFirstRowAsData()
    {
        var data = ScalabilityDataParser.ParseCsv("1,65\n18,996\n36,1652\n");

        Assert.Equal(3, data.Points.Count);
        Assert.Equal(new ScalabilityPoint(1, 65), data.Points[0]);
    }

    [Theory]
    [InlineData("n;x\r\n1;100\r\n2;190\r\n")]
    [InlineData("n\tx\n1\t100\n2\t190\n")]
    [InlineData("n x\n1   100\n2 190\n")]
    [InlineData("\uFEFF# measured on 2024-05-01\n\"n\",\"x\"\n\"1\",\"100\"\n\n2,190\n")]
    public void ParseCsv_SeparatorsQuotesCommentsAndLineEndings_AreHandled(string text)
    {
        var data = ScalabilityDataParser.ParseCsv(text);

        Assert.Equal([new(1, 100), new(2, 190)], data.Points);
    }

    [Fact]
    public void ParseCsv_EmptyCell_SkipsTheRowWithANote()
    {
        var data = ScalabilityDataParser.ParseCsv("n,x\n1,100\n2,\n4,NA\n8,600\n");

        Assert.Equal(2, data.Points.Count);
        Assert.Equal(2, data.Notes.Count);
        Assert.Contains("line 3", data.Notes[0]);
    }

    [Fact]
    public void ParseCsv_NotANumber_NamesTheLineAndColumn()
    {
        var error = Assert.Throws<ScalabilityDataException>(() => ScalabilityDataParser.ParseCsv("n,x\n1,100\n2,fast\n"));

        Assert.Equal("line 3: 'fast' in column 'x' is not a number", error.Message);
    }

    [Fact]
    public void ParseCsv_NaNCell_IsRefusedWithTheLine()
    {
        var error = Assert.Throws<ScalabilityDataException>(() => ScalabilityDataParser.ParseCsv("n,x\n1,100\n2,NaN\n"));

        Assert.Contains("line 3", error.Message);
        Assert.Contains("not a finite number", error.Message);
    }

    [Fact]
    public void ParseCsv_UnknownColumn_ListsTheColumns()
    {
        var error = Assert.Throws<ScalabilityDataException>(() => ScalabilityDataParser.ParseCsv("users,rps\n1,100\n", "n"));

        Assert.Equal("--n n: no such column (columns: users, rps)", error.Message);
    }

    [Fact]
    public void ParseCsv_OneColumn_SaysTwoAreNeeded()
    {
        var error = Assert.Throws<ScalabilityDataException>(() => ScalabilityDataParser.ParseCsv("throughput\n100\n"));

        Assert.Contains("at least two columns", error.Message);
    }

    [Fact]
    public void ParseCsv_ShortRow_NamesTheLine()
    {
        var error = Assert.Throws<ScalabilityDataException>(() => ScalabilityDataParser.ParseCsv("n,x\n1,100\n2\n"));

        Assert.StartsWith("line 3:", error.Message);
    }

    [Fact]
    public void ParseCsv_Empty_SaysSo()
    {
        var error = Assert.Throws<ScalabilityDataException>(() => ScalabilityDataParser.ParseCsv("\n# nothing\n"));

        Assert.Contains("empty", error.Message);
    }

    [Theory]
    [InlineData("concurrency")]
    [InlineData("replicas")]
    [InlineData("n")]
    public void ParseJson_ScaleLabResultSteps_ReadsNAndThroughput(string nField)
    {
        var json = $$"""
            { "kind": "scale", "schemaVersion": 1,
              "steps": [ { "{{nField}}": 1, "throughput": 100.5, "latencyMs": { "p99": 3 } },
                         { "{{nField}}": 2, "throughput": 190 } ] }
            """;

        var data = ScalabilityDataParser.Parse(json);

        Assert.Equal([new(1, 100.5), new(2, 190)], data.Points);
        Assert.Equal(nField, data.NColumn);
        Assert.Equal("json", data.Format);
    }

    [Fact]
    public void ParseJson_StepWithoutThroughput_IsSkippedWithANote()
    {
        var data = ScalabilityDataParser.ParseJson("""{ "steps": [ { "concurrency": 1, "throughput": 100 }, { "concurrency": 2, "throughput": null } ] }""");

        Assert.Single(data.Points);
        Assert.Single(data.Notes);
    }

    [Fact]
    public void ParseJson_ArrayOfPairs_IsRead()
    {
        var data = ScalabilityDataParser.Parse("[[1, 100], [2, 190], [4, 350]]");

        Assert.Equal(3, data.Points.Count);
    }

    [Fact]
    public void ParseJson_FitResultPoints_CanBeFittedAgain()
    {
        var data = ScalabilityDataParser.Parse("""{ "kind": "fit", "points": [ { "n": 1, "throughput": 100, "fitted": 99 } ] }""");

        Assert.Equal([new(1, 100)], data.Points);
    }

    [Fact]
    public void ParseJson_NamedFields_OverrideTheDefaults()
    {
        var data = ScalabilityDataParser.ParseJson("""{ "steps": [ { "cpus": 2, "concurrency": 64, "rps": 10, "throughput": 9 } ] }""", "cpus", "rps");

        Assert.Equal([new(2, 10)], data.Points);
    }

    [Theory]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("""{ "kind": "run", "latencyMs": {} }""", "no 'steps' array")]
    [InlineData("""{ "steps": [ { "throughput": 5 } ] }""", "step 1: no N field")]
    [InlineData("""{ "steps": [ { "concurrency": "many", "throughput": 5 } ] }""", "step 1: concurrency is \"many\", not a finite number")]
    [InlineData("""{ "steps": [ 42 ] }""", "step 1: expected an object")]
    public void ParseJson_BadInput_ThrowsAOneLineMessage(string json, string expected)
    {
        var error = Assert.Throws<ScalabilityDataException>(() => ScalabilityDataParser.Parse(json));

        Assert.Contains(expected, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
