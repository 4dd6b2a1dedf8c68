using ScaleLab.Load.Engine;
using ScaleLab.Load.Http1;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Http;

/// <summary>Makes the client factory for an HTTP target: the raw HTTP/1.1 engine for <c>http://</c>, SocketsHttpHandler otherwise.</summary>
public static class HttpTargets
{
    /// <summary>
    /// A factory that sends <paramref name="mix"/>. <c>http://</c> goes through the engine's own HTTP/1.1 client
    /// unless <paramref name="http2"/> is set; <c>https://</c> and HTTP/2 go through <see cref="System.Net.Http.SocketsHttpHandler"/>.
    /// </summary>
    public static ILoadClientFactory Create(RequestMix mix, LoadOptions options, bool http2 = false, bool insecure = false)
    {
        var scheme = mix.BaseUri.Scheme;
        if (scheme != Uri.UriSchemeHttp && scheme != Uri.UriSchemeHttps)
        {
            throw new FormatException($"'{mix.BaseUri}' is not an http:// or https:// URL");
        }

        if (scheme == Uri.UriSchemeHttp && !http2)
        {
            return new Http1ClientFactory(mix, options.Seed);
        }

        var connections = options.Model == LoadModel.Closed ? options.Connections : options.MaxConnections;
        return new HttpClientLoadClientFactory(mix, http2, insecure, connections, options.Timeout, options.Seed);
    }

    /// <summary>A factory that sends a GET to <paramref name="uri"/>.</summary>
    public static ILoadClientFactory Create(Uri uri, LoadOptions? options = null) =>
        Create(RequestMix.Single(uri), options ?? new LoadOptions());
}
