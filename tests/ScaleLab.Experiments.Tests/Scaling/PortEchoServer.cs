namespace ScaleLab.Experiments.Tests.Scaling;

/// <summary>
/// A generic server for <c>--cmd</c>: a few lines of Python that answer every GET with the port they listen on, so
/// that a test sees which copy served a request through the balancer.
/// </summary>
internal sealed class PortEchoServer : IDisposable
{
    private const string Script = """
        import http.server, sys
        port = int(sys.argv[1])
        class Handler(http.server.BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_GET(self):
                body = str(port).encode()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            def log_message(self, *args):
                pass
        print("serving on", port, flush=True)
        http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
        """;

    public PortEchoServer()
    {
        Directory.CreateDirectory(Folder);
        File.WriteAllText(ScriptPath, Script);
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "scalelab-cmd-test-" + Guid.NewGuid().ToString("N")[..8]);

    public string ScriptPath => Path.Combine(Folder, "echo_port.py");

    /// <summary>The --cmd text that runs it.</summary>
    public string Command => $"python3 '{ScriptPath}' {{port}}";

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
