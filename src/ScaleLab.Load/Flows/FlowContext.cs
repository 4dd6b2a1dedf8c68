namespace ScaleLab.Load.Flows;

/// <summary>What a <see cref="CodeStep"/> sees of its virtual user: its number and its variables.</summary>
public sealed class FlowContext
{
    private readonly IReadOnlyDictionary<string, int> _index;
    private readonly string?[] _values;

    internal FlowContext(int user, IReadOnlyDictionary<string, int> index, string?[] values)
    {
        User = user;
        _index = index;
        _values = values;
    }

    /// <summary>The virtual user's number, from 0.</summary>
    public int User { get; }

    /// <summary>A variable's value; null when unset. Setting one needs it named in <see cref="CodeStep.Sets"/> (or extracted, or a data column).</summary>
    /// <exception cref="KeyNotFoundException">No step or data column defines that variable.</exception>
    public string? this[string name]
    {
        get => _values[IndexOf(name)];
        set => _values[IndexOf(name)] = value;
    }

    private int IndexOf(string name) =>
        _index.TryGetValue(name, out var i) ? i : throw new KeyNotFoundException($"the flow has no variable '{name}' (name it in CodeStep.Sets)");
}
