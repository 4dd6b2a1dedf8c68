namespace ScaleLab.Cli.Commands;

/// <summary>Calls to a running supervisor, with its failures as one-line errors rather than stack traces.</summary>
internal static class LabConnection
{
    public static async Task<T> CallAsync<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (HttpRequestException ex)
        {
            throw new LabUnreachableException($"the lab's supervisor does not answer ({ex.Message}); `scalelab lab down` cleans up after it");
        }
        catch (InvalidOperationException ex)
        {
            throw new LabUnreachableException(ex.Message);
        }
    }
}
