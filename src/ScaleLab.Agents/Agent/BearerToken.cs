using System.Security.Cryptography;
using System.Text;

namespace ScaleLab.Agents.Agent;

/// <summary>The shared secret of an agent and its coordinator, compared in constant time (no timing oracle for guessing it).</summary>
internal sealed class BearerToken
{
    private readonly byte[] _expected;

    public BearerToken(string token)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(token);
        _expected = Encoding.UTF8.GetBytes(token);
    }

    /// <summary>True when <paramref name="authorization"/> is <c>Bearer TOKEN</c> with this token.</summary>
    public bool Accepts(string? authorization)
    {
        const string Scheme = "Bearer ";
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        // FixedTimeEquals takes as long for a wrong first byte as for a wrong last one (its length aside).
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(authorization[Scheme.Length..].Trim()), _expected);
    }
}
