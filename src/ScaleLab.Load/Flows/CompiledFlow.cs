using System.Text.RegularExpressions;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Flows;

/// <summary>
/// A flow made ready for a run: templates parsed against the variables known at each step (a data column, or an
/// earlier step's extract), checks compiled, every step numbered in the run's <see cref="RequestTable"/>.
/// </summary>
internal sealed class CompiledFlow
{
    private CompiledFlow(Uri baseUri, FlowDefinition definition, Step[] steps, Dictionary<string, int> variables, RequestTable table)
    {
        BaseUri = baseUri;
        Definition = definition;
        Steps = steps;
        Variables = variables;
        Table = table;
        Data = definition.Data is null ? null : new DataRows(definition.Data);
        DataColumns = definition.Data is null ? [] : [.. definition.Data.Columns.Select(c => variables[c])];
    }

    public Uri BaseUri { get; }

    public FlowDefinition Definition { get; }

    public Step[] Steps { get; }

    public Dictionary<string, int> Variables { get; }

    public RequestTable Table { get; }

    public DataRows? Data { get; }

    /// <summary>The variable number of each data column.</summary>
    public int[] DataColumns { get; }

    /// <summary>The run's <c>{{sequence}}</c> counter.</summary>
    public long Sequence;

    /// <summary>Checks and compiles <paramref name="definition"/>; throws <see cref="FormatException"/> with a one-line reason.</summary>
    public static CompiledFlow Compile(Uri baseUri, FlowDefinition definition)
    {
        if (definition.Steps.Count == 0)
        {
            throw new FormatException("a flow needs at least one step");
        }

        var variables = new Dictionary<string, int>(StringComparer.Ordinal);
        int Define(string name, string where)
        {
            if (!ValueTemplate.IsVariableName(name) || name is "uuid" or "sequence")
            {
                throw new FormatException($"{where}: '{name}' is not a variable name (letters, digits, '_', '-', '.'; not uuid or sequence)");
            }

            return variables.TryGetValue(name, out var known) ? known : variables[name] = variables.Count;
        }

        foreach (var column in definition.Data?.Columns ?? [])
        {
            Define(column, "data");
        }

        var table = new RequestTable();
        var steps = new List<Step>();
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            var step = definition.Steps[i];
            var where = $"steps[{i}] '{step.Name}'";
            if (string.IsNullOrWhiteSpace(step.Name))
            {
                throw new FormatException($"steps[{i}] has no name");
            }

            int Known(string name) => variables.TryGetValue(name, out var index) ? index
                : throw new FormatException($"{{{{{name}}}}} is not set before this step (no data column and no earlier extract is named so)");

            switch (step)
            {
                case HttpStep http:
                    var request = CompiledRequest.Compile(baseUri, new RequestDefinition(http.Name, 1, http.Method, http.Path, http.Headers, http.Body) { Expect = http.Expect }, Known);
                    var extractions = http.Extract.Select(e => CompileExtraction(e, where, Define(e.Variable, where))).ToArray();
                    var labels = (request.Expect?.Labels ?? []).Concat(extractions.Select(e => $"extract {e.Definition.Variable}")).ToList();
                    string[] keepHeaders = ["Set-Cookie", .. request.Expect?.HeaderNames ?? [], .. extractions.Where(e => e.Definition.Source == ExtractionSource.Header).Select(e => e.Definition.Expression)];
                    steps.Add(new Step(step, table.Add(step.Name, labels), request, extractions, keepHeaders,
                        request.Expect?.NeedsBody == true || extractions.Any(e => e.Definition.Source != ExtractionSource.Header),
                        request.Expect?.NeedsJson == true || extractions.Any(e => e.Definition.Source == ExtractionSource.Json)));
                    break;
                case CodeStep code:
                    foreach (var name in code.Sets)
                    {
                        Define(name, where);
                    }

                    steps.Add(new Step(step, table.Add(step.Name, []), null, [], [], false, false));
                    break;
                default:
                    throw new FormatException($"{where}: a step is an HttpStep or a CodeStep");
            }
        }

        return new CompiledFlow(baseUri, definition, [.. steps], variables, table);
    }

    private static CompiledExtraction CompileExtraction(Extraction extraction, string where, int variable)
    {
        try
        {
            return extraction.Source switch
            {
                ExtractionSource.Json => new CompiledExtraction(extraction, variable, JsonPath.Parse(extraction.Expression), null),
                ExtractionSource.Regex => new CompiledExtraction(extraction, variable, null, new Regex(extraction.Expression, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))),
                _ => new CompiledExtraction(extraction, variable, null, null),
            };
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException)
        {
            throw new FormatException($"{where}: extract {extraction.Variable}: {ex.Message.Split('\n')[0]}");
        }
    }

    /// <summary>
    /// A step with its number in the table; an HTTP step's request, extractions, and what of its response to keep:
    /// the headers it reads (Set-Cookie, and those its checks and extractions name), the body, the body as JSON.
    /// </summary>
    internal sealed record Step(FlowStep Definition, int Index, CompiledRequest? Request, CompiledExtraction[] Extractions, string[] KeepHeaders, bool NeedsBody, bool NeedsJson);

    internal sealed record CompiledExtraction(Extraction Definition, int Variable, JsonPath? Path, Regex? Pattern);
}
