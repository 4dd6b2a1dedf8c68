namespace ScaleLab.Experiments.Scaling;

/// <summary>How many replicas the system said were serving, and when (seconds since the step's load began).</summary>
public readonly record struct ServingSample(double Seconds, int Serving);
