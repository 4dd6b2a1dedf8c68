using Npgsql;
using ScaleLab.Lab.Database;
using ScaleLab.Lab.Processes;

namespace ScaleLab.Lab.Tests.Database;

/// <summary>Needs Debian's PostgreSQL server (/usr/lib/postgresql/*/bin): test.sh installs it.</summary>
public sealed class PostgresClusterTests
{
    [Fact]
    public async Task Cluster_Started_AnswersAsTheScalelabRoleAndStopsWithoutTrace()
    {
        Assert.True(PostgresBinaries.Find() is not null, "PostgreSQL's server is not installed: apt-get install postgresql (test.sh does it)");
        var runId = "pg" + Guid.NewGuid().ToString("N")[..10];

        var cluster = await PostgresCluster.StartAsync(0, runId, CancellationToken.None);
        var pid = cluster.Pid;
        await using (var connection = new NpgsqlConnection(cluster.ConnectionString))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_user || ' ' || (SELECT setting FROM pg_settings WHERE name = 'listen_addresses')", connection);
            Assert.Equal("scalelab 127.0.0.1", (string?)await command.ExecuteScalarAsync());
        }

        await cluster.DisposeAsync();

        Assert.False(PosixNative.IsAlive(pid));
        Assert.Empty(LabProcessMarker.FindProcesses(runId));
        Assert.False(Directory.Exists(PostgresCluster.DirectoryFor(runId, 0)));
    }
}
