using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Service;

/// <summary>Where logins are kept: the shared store (baseline) or the replica's own memory (in-memory-sessions).</summary>
internal interface ISessionStore
{
    /// <summary>How long a session lives after login.</summary>
    static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(30);

    Task SaveAsync(string sessionId, User user, CancellationToken cancellationToken);

    Task<User?> FindAsync(string sessionId, CancellationToken cancellationToken);
}
