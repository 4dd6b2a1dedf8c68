using System.Text.Json;
using ScaleLab.Load.Flows;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Tests.Flows;

/// <summary>schemas/flow.schema.json is what editors complete flow files with: it must name the fields the parser takes.</summary>
public sealed class FlowSchemaTests
{
    [Fact]
    public void Schema_EveryObject_HasExactlyTheParsersFields()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "schemas", "flow.schema.json")));
        var root = schema.RootElement;
        var defs = root.GetProperty("$defs");

        Assert.Equal(FlowFile.FileFields.Order(), Properties(root));
        Assert.Equal(FlowFile.DataFields.Order(), Properties(root.GetProperty("properties").GetProperty("data")));
        Assert.Equal(FlowFile.StepFields.Order(), Properties(defs.GetProperty("step")));
        Assert.Equal(ExpectationJson.Fields.Order(), Properties(defs.GetProperty("expect")));
        Assert.Equal(FlowFile.ExtractFields.Order(), Properties(defs.GetProperty("step").GetProperty("properties").GetProperty("extract").GetProperty("additionalProperties")));
    }

    private static IEnumerable<string> Properties(JsonElement element) =>
        element.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "ScaleLab.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("ScaleLab.slnx not found above the test's directory");
    }
}
