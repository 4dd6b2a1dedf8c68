using System.Collections.Concurrent;
using ScaleLab.Lab.Data;

namespace ScaleLab.Lab.Service;

/// <summary>
/// Sessions in this replica's memory (in-memory-sessions): fast, and lost whenever the balancer sends the next
/// request of the same user to another replica, or the replica restarts.
/// </summary>
internal sealed class MemorySessionStore(TimeProvider time) : ISessionStore
{
    private readonly ConcurrentDictionary<string, (User User, DateTimeOffset Expires)> _sessions = new(StringComparer.Ordinal);

    public Task SaveAsync(string sessionId, User user, CancellationToken cancellationToken)
    {
        _sessions[sessionId] = (user, time.GetUtcNow() + ISessionStore.Lifetime);
        return Task.CompletedTask;
    }

    public Task<User?> FindAsync(string sessionId, CancellationToken cancellationToken)
    {
        if (_sessions.TryGetValue(sessionId, out var session))
        {
            if (session.Expires > time.GetUtcNow())
            {
                return Task.FromResult<User?>(session.User);
            }

            _sessions.TryRemove(sessionId, out _);
        }

        return Task.FromResult<User?>(null);
    }
}
