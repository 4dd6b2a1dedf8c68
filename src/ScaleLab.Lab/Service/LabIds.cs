namespace ScaleLab.Lab.Service;

/// <summary>
/// Ids for posts and orders made through the API, unique across replicas without asking anyone (a Snowflake layout):
/// 43 bits of milliseconds since 2024-01-01, 8 bits of replica id, 12 bits of sequence. They sort by creation time,
/// and they are far above the seeded ids (1 to users × posts-per-user), so the two never collide.
/// </summary>
internal sealed class LabIds(int replicaId, TimeProvider time)
{
    private static readonly long Epoch = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
    private readonly Lock _lock = new();
    private long _lastMs;
    private long _sequence;

    public long Next()
    {
        lock (_lock)
        {
            var now = time.GetUtcNow().ToUnixTimeMilliseconds() - Epoch;
            if (now > _lastMs)
            {
                _lastMs = now;
                _sequence = 0;
            }
            else if (++_sequence > 0xFFF)
            {
                // 4,096 ids in one millisecond (or the clock went back): borrow the next millisecond.
                _lastMs++;
                _sequence = 0;
            }

            return (_lastMs << 20) | ((long)(replicaId & 0xFF) << 12) | _sequence;
        }
    }
}
