namespace ScaleLab.Lab.Demo;

/// <summary>One endpoint of the demo server: a path and the one bottleneck it has.</summary>
public interface IDemoEndpoint
{
    /// <summary>The path it answers on, e.g. <c>/slow</c>.</summary>
    string Path { get; }

    /// <summary>What it does, in one line, as <c>scalelab demo</c> prints it.</summary>
    string Description { get; }

    /// <summary>Serves one request; returns the response body.</summary>
    Task<string> HandleAsync(CancellationToken cancellationToken);
}
