namespace ScaleLab.Load.Engine;

/// <summary>
/// The named requests of a mix or a flow and their checks, numbered once before the run so that recording a
/// response costs array indexing, never a dictionary lookup or a string: an operation names its request by number
/// (<see cref="OperationResult.Request"/>) and its failed checks by bit (<see cref="OperationResult.FailedChecks"/>).
/// Requests that share a name share its figures.
/// </summary>
internal sealed class RequestTable
{
    /// <summary>At most this many checks per request: the failed ones travel as the bits of one <see cref="ulong"/>.</summary>
    public const int MaxChecksPerRequest = 64;

    private readonly List<string> _names = [];
    private readonly List<string> _checks = [];
    private readonly List<Entry> _requests = [];

    /// <summary>The distinct request names, by number.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>Every check's name ("login: status 2xx"), by number.</summary>
    public IReadOnlyList<string> Checks => _checks;

    public int Count => _requests.Count;

    /// <summary>Adds a request and its checks' labels; returns its number.</summary>
    public int Add(string name, IReadOnlyList<string> checks)
    {
        if (checks.Count > MaxChecksPerRequest)
        {
            throw new FormatException($"request '{name}': at most {MaxChecksPerRequest} checks and extractions");
        }

        var nameIndex = _names.IndexOf(name);
        if (nameIndex < 0)
        {
            nameIndex = _names.Count;
            _names.Add(name);
        }

        _requests.Add(new Entry(nameIndex, _checks.Count, checks.Count));
        foreach (var check in checks)
        {
            _checks.Add($"{name}: {check}");
        }

        return _requests.Count - 1;
    }

    public Entry this[int request] => _requests[request];

    /// <summary>A request's name (by number), its first check's number and how many checks it has.</summary>
    public readonly record struct Entry(int Name, int FirstCheck, int CheckCount);
}
