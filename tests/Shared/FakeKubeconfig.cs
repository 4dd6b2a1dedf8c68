namespace ScaleLab.Tests.Support;

/// <summary>A kubeconfig for a fake API server: one cluster over plain http, one user with a bearer token, one context.</summary>
internal static class FakeKubeconfig
{
    /// <summary>Writes it as <c>DIRECTORY/kubeconfig</c> and returns its path.</summary>
    public static string Write(string directory, Uri server, string token, string ns)
    {
        var path = Path.Combine(directory, "kubeconfig");
        File.WriteAllText(path, $"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: fake
              cluster:
                server: {server.ToString().TrimEnd('/')}
            users:
            - name: tester
              user:
                token: {token}
            contexts:
            - name: fake
              context:
                cluster: fake
                user: tester
                namespace: {ns}
            current-context: fake
            """);
        return path;
    }
}
