namespace ScaleLab.Load.Requests;

/// <summary>
/// The requests a run sends, checked and compiled once: each client picks one by weight for every send.
/// </summary>
public sealed class RequestMix
{
    private readonly double[] _cumulativeWeights;
    private long _sequence;

    private RequestMix(Uri baseUri, IReadOnlyList<CompiledRequest> requests, bool named)
    {
        if (named)
        {
            Table = new Engine.RequestTable();
            foreach (var request in requests)
            {
                Table.Add(request.Definition.Name, request.Expect?.Labels ?? []);
            }
        }

        BaseUri = baseUri;
        Requests = requests;
        // Weights relative to the largest, so that the sum stays finite however large they are (two of 1e308
        // would overflow to infinity, and then every pick would land on the last request).
        var largest = requests.Max(r => r.Definition.Weight);
        _cumulativeWeights = new double[requests.Count];
        double total = 0;
        for (var i = 0; i < requests.Count; i++)
        {
            total += requests[i].Definition.Weight / largest;
            _cumulativeWeights[i] = total;
        }
    }

    /// <summary>The run's URL: scheme, host and port of every request.</summary>
    public Uri BaseUri { get; }

    internal IReadOnlyList<CompiledRequest> Requests { get; }

    /// <summary>The requests by name, for figures per name (<c>byName</c>) and checks; null for a single request.</summary>
    internal Engine.RequestTable? Table { get; }

    /// <summary>The run's <c>{{sequence}}</c> counter, shared by every client.</summary>
    internal ref long Sequence => ref _sequence;

    /// <summary>One request to the URL itself, with optional extra headers and body.</summary>
    public static RequestMix Single(Uri uri, string method = "GET", IReadOnlyList<KeyValuePair<string, string>>? headers = null, string? body = null) =>
        Create(uri, [new RequestDefinition($"{method} {uri.PathAndQuery}", 1, method, uri.PathAndQuery, headers ?? [], body)], named: false);

    /// <summary>
    /// Checks and compiles <paramref name="definitions"/>; throws <see cref="FormatException"/> with a one-line
    /// reason. The run reports each request's figures by its name (<c>byName</c>) and counts its checks.
    /// </summary>
    public static RequestMix Create(Uri baseUri, IReadOnlyList<RequestDefinition> definitions) => Create(baseUri, definitions, named: true);

    private static RequestMix Create(Uri baseUri, IReadOnlyList<RequestDefinition> definitions, bool named)
    {
        if (definitions.Count == 0)
        {
            throw new FormatException("a request mix needs at least one request");
        }

        var compiled = new List<CompiledRequest>(definitions.Count);
        foreach (var definition in definitions)
        {
            if (!double.IsFinite(definition.Weight) || !(definition.Weight > 0))
            {
                throw new FormatException($"request '{definition.Name}': the weight must be a finite positive number, not {definition.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)}");
            }

            compiled.Add(CompiledRequest.Compile(baseUri, definition));
        }

        var largest = definitions.Max(d => d.Weight);
        if (definitions.FirstOrDefault(d => d.Weight / largest == 0) is { } negligible)
        {
            // Relative to the largest it rounds to zero: it would never be sent, which is surely not what was meant.
            throw new FormatException($"request '{negligible.Name}': the weight {negligible.Weight.ToString(System.Globalization.CultureInfo.InvariantCulture)} is too small beside {largest.ToString(System.Globalization.CultureInfo.InvariantCulture)} to ever be picked");
        }

        return new RequestMix(baseUri, compiled, named);
    }

    /// <summary>The number of <paramref name="request"/> in <see cref="Requests"/>.</summary>
    internal int IndexOf(CompiledRequest request)
    {
        for (var i = 0; i < Requests.Count; i++)
        {
            if (ReferenceEquals(Requests[i], request))
            {
                return i;
            }
        }

        return 0;
    }

    /// <summary>Picks a request by weight.</summary>
    internal CompiledRequest Pick(Random random)
    {
        if (Requests.Count == 1)
        {
            return Requests[0];
        }

        var point = random.NextDouble() * _cumulativeWeights[^1];
        var index = Array.BinarySearch(_cumulativeWeights, point);
        index = index < 0 ? ~index : index + 1;
        return Requests[Math.Min(index, Requests.Count - 1)];
    }
}
