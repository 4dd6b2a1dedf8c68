using System.Security.Cryptography;

namespace ScaleLab.Agents.Kubernetes;

/// <summary>A shared token when the user gives none: 256 random bits, hex, so it survives any shell or YAML quoting.</summary>
internal static class GeneratedToken
{
    public static string Create() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));

    /// <summary>A run id: 8 hex characters, enough that two runs in one namespace do not collide, short enough for names.</summary>
    public static string RunId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
}
