using ScaleLab.Load.Engine;
using ScaleLab.Load.Flows;

namespace ScaleLab.Load.Tests.Flows;

public sealed class FlowFileTests
{
    [Theory]
    [InlineData("{ \"steps\": [ { \"path\": \"/\" } ", "not valid JSON")]
    [InlineData("{ \"steps\": [ { \"path\": \"/\", \"expext\": {} } ] }", "unknown field \"expext\" (did you mean \"expect\"?)")]
    [InlineData("{ \"steps\": [ { \"path\": \"/users/{{id}}\" } ] }", "{{id}} is not set before this step")]
    [InlineData("{ \"steps\": [ { \"path\": \"/\", \"extract\": { \"x\": { \"regex\": \"(\" } } } ] }", "extract x")]
    [InlineData("{ \"data\": { \"file\": \"no-such.csv\" }, \"steps\": [ { \"path\": \"/\" } ] }", "no-such.csv' does not exist")]
    [InlineData("{ \"steps\": [ { \"path\": \"/\", \"think\": \"1s-200ms\" } ] }", "from the shorter to the longer")]
    [InlineData("{ \"steps\": [ { \"path\": \"/\", \"expect\": { \"status\": \"2xy\" } } ] }", "'2xy' is not a status")]
    public void Compile_BadFlowFile_ThrowsOneLineSayingWhy(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() =>
            FlowTargets.Create(new Uri("http://127.0.0.1:8080/"), FlowFile.Parse(json, Path.GetTempPath()), new LoadOptions()));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void Parse_StepWithoutName_IsNamedByMethodAndPathTemplate()
    {
        var flow = FlowFile.Parse("""
            { "steps": [ { "method": "POST", "path": "/login", "extract": { "userId": { "json": "$.userId" } } },
                         { "path": "/users/{{userId}}/feed?page={{randomInt 1 3}}" } ] }
            """, Path.GetTempPath());

        Assert.Equal(["POST /login", "GET /users/{userId}/feed"], flow.Steps.Select(s => s.Name));
    }

    [Fact]
    public void Parse_CsvData_ReadsQuotedValuesAndOptions()
    {
        var directory = Directory.CreateTempSubdirectory("scalelab-flow-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(directory, "users.csv"), "name,greeting\nann,\"hello, \"\"you\"\"\"\nbob,hi\n");

            var flow = FlowFile.Parse("""{ "data": { "file": "users.csv", "per": "user", "order": "unique" }, "steps": [ { "path": "/{{name}}" } ] }""", directory);

            Assert.Equal(["name", "greeting"], flow.Data!.Columns);
            Assert.Equal("hello, \"you\"", flow.Data.Rows[0][1]);
            Assert.Equal(FlowDataScope.User, flow.Data.Per);
            Assert.Equal(FlowDataOrder.Unique, flow.Data.Order);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
