using System.Net;
using System.Net.Http.Headers;
using System.Security.Authentication;
using System.Text;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Http;

/// <summary>
/// <c>https://</c> and HTTP/2 targets through <see cref="SocketsHttpHandler"/>: TLS and HTTP/2 framing are not worth
/// writing by hand, and their cost per request is dominated by the protocol, not the client.
/// </summary>
internal sealed class HttpClientLoadClientFactory(RequestMix mix, bool http2, bool insecure, int connections, TimeSpan timeout, int seed) : ILoadClientFactory, IDisposable, INamedRequests
{
    public RequestTable? Requests => mix.Table;

    private readonly HttpClient _client = CreateHttpClient(http2, insecure, connections, timeout);

    /// <summary>The client every connection of a run shares; cookies are the caller's (a flow's users keep their own).</summary>
    internal static HttpClient CreateHttpClient(bool http2, bool insecure, int connections, TimeSpan timeout) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = Math.Max(1, connections),
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
        UseCookies = false,
        AllowAutoRedirect = false,
        EnableMultipleHttp2Connections = true,
        ConnectTimeout = timeout,
        SslOptions = insecure
            ? new System.Net.Security.SslClientAuthenticationOptions { RemoteCertificateValidationCallback = static (_, _, _, _) => true }
            : new System.Net.Security.SslClientAuthenticationOptions(),
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
        DefaultRequestVersion = http2 ? HttpVersion.Version20 : HttpVersion.Version11,
        DefaultVersionPolicy = http2 ? HttpVersionPolicy.RequestVersionExact : HttpVersionPolicy.RequestVersionOrLower,
    };

    /// <summary>The error kind of a failed request of <see cref="HttpClient"/>.</summary>
    internal static string Classify(HttpRequestException ex) => ex.HttpRequestError switch
    {
        HttpRequestError.NameResolutionError => ErrorKinds.Dns,
        HttpRequestError.ConnectionError => ErrorKinds.Connect,
        HttpRequestError.SecureConnectionError => ErrorKinds.Tls,
        HttpRequestError.InvalidResponse or HttpRequestError.ResponseEnded or HttpRequestError.HttpProtocolError => ErrorKinds.Malformed,
        _ when ex.InnerException is AuthenticationException => ErrorKinds.Tls,
        _ => ErrorKinds.Reset,
    };

    private RequestMix Mix => mix;

    public string Target => mix.BaseUri.ToString();

    public async ValueTask ProbeAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var endPoint = await TargetResolver.ResolveAsync(mix.BaseUri, timeout, cancellationToken).ConfigureAwait(false);
        await TargetResolver.CheckConnectAsync(mix.BaseUri, endPoint, timeout, cancellationToken).ConfigureAwait(false);
    }

    public ILoadClient CreateClient(int index, CancellationToken abort) =>
        new Client(this, new Random(ClientSeed.For(seed, index)), abort);

    public void Dispose() => _client.Dispose();

    private sealed class Client(HttpClientLoadClientFactory owner, Random random, CancellationToken abort) : ILoadClient
    {
        public async ValueTask<OperationResult> ExecuteAsync()
        {
            var request = owner.Mix.Pick(random);
            var index = owner.Mix.Requests.Count == 1 ? 0 : owner.Mix.IndexOf(request);
            using var message = Build(request);
            var expect = request.Expect;
            var capture = expect is null ? null : new Http1.ResponseCapture { KeepBody = expect.NeedsBody };
            try
            {
                using var response = await owner._client.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, abort).ConfigureAwait(false);
                var stream = await response.Content.ReadAsStreamAsync(abort).ConfigureAwait(false);
                var buffer = new byte[16 * 1024];
                long bytes = 0;
                int read;
                while ((read = await stream.ReadAsync(buffer, abort).ConfigureAwait(false)) > 0)
                {
                    bytes += read;
                    capture?.AppendBody(buffer.AsSpan(0, read));
                }

                var status = (int)response.StatusCode;
                // SocketsHttpHandler accepts any three digits; beyond 599 there is no class, so no valid response.
                if (status is not (>= 100 and <= 599))
                {
                    return OperationResult.Failure(ErrorKinds.Malformed) with { Request = index };
                }

                var result = OperationResult.Success(status, bytes) with { Request = index };
                if (expect is not null && capture is not null)
                {
                    foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
                    {
                        foreach (var value in values)
                        {
                            capture.AddHeader(name, value);
                        }
                    }

                    using var json = expect.NeedsJson ? CompiledExpectation.ParseJson(capture) : null;
                    result = result with { Checked = true, FailedChecks = expect.Evaluate(status, capture, json?.RootElement) };
                }

                return result;
            }
            catch (OperationCanceledException) when (abort.IsCancellationRequested)
            {
                return OperationResult.Failure(ErrorKinds.Timeout) with { Request = index };
            }
            catch (HttpRequestException ex)
            {
                return OperationResult.Failure(Classify(ex)) with { Request = index };
            }
            catch (IOException)
            {
                return OperationResult.Failure(ErrorKinds.Reset) with { Request = index };
            }
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        private HttpRequestMessage Build(CompiledRequest request)
        {
            ref var sequence = ref owner.Mix.Sequence;
            // A message made by hand is HTTP/1.1 whatever the client's defaults say (they apply to GetAsync and
            // the like only), so the version and its policy go on every message: HTTP/2 exactly, with prior
            // knowledge (h2c) on http:// and ALPN on https://, never a silent fall back to HTTP/1.1.
            var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(owner.Mix.BaseUri, request.Target.Render(random, ref sequence)))
            {
                Version = owner._client.DefaultRequestVersion,
                VersionPolicy = owner._client.DefaultVersionPolicy,
            };
            string? contentType = null;
            foreach (var (name, value) in request.Headers)
            {
                var rendered = value.Render(random, ref sequence);
                if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
                {
                    contentType = rendered;
                }
                else
                {
                    message.Headers.TryAddWithoutValidation(name, rendered);
                }
            }

            if (request.Body is not null)
            {
                message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body.Render(random, ref sequence)));
                if (contentType is not null)
                {
                    message.Content.Headers.ContentType = MediaTypeHeaderValue.TryParse(contentType, out var parsed) ? parsed : null;
                }
            }

            return message;
        }
    }
}
