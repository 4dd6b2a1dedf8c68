using System.Runtime.InteropServices;

namespace ScaleLab.Core.Results;

/// <summary>The machine a result was measured on.</summary>
public sealed record MachineInfo(int Cores, string Os, string Architecture, string Runtime, string HostName)
{
    /// <summary>Describes the current machine (reads only process-wide constants, no files).</summary>
    public static MachineInfo Current() => new(
        Environment.ProcessorCount,
        RuntimeInformation.OSDescription,
        RuntimeInformation.OSArchitecture.ToString().ToLowerInvariant(),
        RuntimeInformation.FrameworkDescription,
        Environment.MachineName);
}
