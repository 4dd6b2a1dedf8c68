using ScaleLab.Agents;

namespace ScaleLab.Cli.Commands;

/// <summary>The agents' shared token: from <c>--token-file</c>, else from <c>SCALELAB_AGENT_TOKEN</c>; never empty.</summary>
internal static class AgentToken
{
    public static string Read(string? tokenFile)
    {
        if (tokenFile is not null)
        {
            string text;
            try
            {
                text = File.ReadAllText(tokenFile);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new UsageException($"--token-file {tokenFile}: {ex.Message.Split('\n')[0]}");
            }

            // A trailing newline is what `echo secret > token` leaves; it is not part of the token.
            return text.Trim() is { Length: > 0 } token ? token : throw new UsageException($"--token-file {tokenFile} is empty: put the shared token in it");
        }

        return Environment.GetEnvironmentVariable(AgentDefaults.TokenVariable)?.Trim() is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : throw new UsageException($"no agent token: give --token-file FILE or set {AgentDefaults.TokenVariable} (agents refuse any request without it)");
    }
}
