namespace ScaleLab.Load.Requests;

/// <summary>A request definition with its method and headers checked and its templates parsed.</summary>
internal sealed partial class CompiledRequest
{
    private CompiledRequest(RequestDefinition definition, ValueTemplate target, IReadOnlyList<(string Name, ValueTemplate Value)> headers, ValueTemplate? body, CompiledExpectation? expect)
    {
        Expect = expect;
        Definition = definition;
        Target = target;
        Headers = headers;
        Body = body;
        Method = definition.Method.ToUpperInvariant();
        IsHead = Method == "HEAD";
        IsStatic = target.IsStatic && headers.All(h => h.Value.IsStatic) && (body?.IsStatic ?? true);
    }

    public RequestDefinition Definition { get; }

    public string Method { get; }

    public bool IsHead { get; }

    /// <summary>The path and query, starting with '/'.</summary>
    public ValueTemplate Target { get; }

    public IReadOnlyList<(string Name, ValueTemplate Value)> Headers { get; }

    public ValueTemplate? Body { get; }

    /// <summary>The request's checks, or null when it has none.</summary>
    public CompiledExpectation? Expect { get; }

    /// <summary>True when every send is the same bytes.</summary>
    public bool IsStatic { get; }

    /// <param name="baseUri">The run's URL.</param>
    /// <param name="definition">The request.</param>
    /// <param name="variable">In a flow, the number of a variable by name (see <see cref="ValueTemplate.Parse"/>).</param>
    public static CompiledRequest Compile(Uri baseUri, RequestDefinition definition, Func<string, int>? variable = null)
    {
        var where = $"request '{definition.Name}'";
        if (string.IsNullOrEmpty(definition.Method) || !definition.Method.All(IsTokenChar))
        {
            throw new FormatException($"{where}: '{definition.Method}' is not an HTTP method");
        }

        var target = definition.Target;
        var origin = baseUri.GetLeftPart(UriPartial.Authority);
        if (target.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || target.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            if (!target.StartsWith(origin, StringComparison.OrdinalIgnoreCase))
            {
                throw new FormatException($"{where}: '{target}' is not on {origin}; a run loads one origin");
            }

            target = target[origin.Length..];
        }

        if (target.Length == 0)
        {
            target = "/";
        }

        // Placeholders hold spaces ({{randomInt 1 9}}) but render none; only the literal text must be free of them.
        var literal = Placeholder().Replace(target, string.Empty);
        if (target[0] != '/' || literal.Any(c => c is ' ' or '\r' or '\n'))
        {
            throw new FormatException($"{where}: the path '{definition.Target}' must start with '/' and hold no spaces");
        }

        var headers = new List<(string, ValueTemplate)>();
        foreach (var (name, value) in definition.Headers)
        {
            if (string.IsNullOrEmpty(name) || !name.All(IsTokenChar))
            {
                throw new FormatException($"{where}: '{name}' is not a header name");
            }

            if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                // The client frames each body itself (a templated body changes length per send); a framing header
                // of the user's would disagree with it, and the server would wait for bytes that never come.
                throw new FormatException($"{where}: the {name} header is computed from the body; remove it");
            }

            if (value.Contains('\r') || value.Contains('\n'))
            {
                throw new FormatException($"{where}: the value of header '{name}' holds a line break");
            }

            headers.Add((name, Parse(value, where, variable)));
        }

        return new CompiledRequest(
            definition,
            Parse(target, where, variable),
            headers,
            definition.Body is null ? null : Parse(definition.Body, where, variable),
            definition.Expect is null ? null : CompiledExpectation.Compile(definition.Expect, where, variable));
    }

    private static ValueTemplate Parse(string text, string where, Func<string, int>? variable)
    {
        try
        {
            return ValueTemplate.Parse(text, variable);
        }
        catch (FormatException ex)
        {
            throw new FormatException($"{where}: {ex.Message}");
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"\{\{.*?\}\}")]
    private static partial System.Text.RegularExpressions.Regex Placeholder();

    // RFC 9110's tchar: what a method or a header name may be made of.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
