using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ScaleLab.Load.Engine;
using ScaleLab.Load.Http1;
using ScaleLab.Load.Requests;

namespace ScaleLab.Load.Flows;

/// <summary>
/// One virtual user of a flow: its connection, cookie jar, variables and data row. Each operation is one iteration
/// of the flow; each step is recorded on its own through the worker's <see cref="IStepRecorder"/>, its latency from
/// its intended start: the iteration's for the first step, the previous step's end plus the pause for the others, so
/// that a stalled step delays (and shows in) the ones after it, in the open model as in the closed.
/// </summary>
internal sealed class FlowClient : ILoadClient
{
    /// <summary>The error of an iteration that did not run all its steps (the window closed, its timeout, its data ran out).</summary>
    private const string Incomplete = "incomplete";

    private readonly CompiledFlow _flow;
    private readonly string _hostHeader;
    private readonly Random _random;
    private readonly IStepRecorder _steps;
    private readonly CancellationToken _abort;
    // One of the two: the engine's own HTTP/1.1 connection for http://, or the run's shared HttpClient for https://
    // and HTTP/2 (the user's cookies are this client's own either way: the HttpClient keeps none).
    private readonly Http1Client? _http;
    private readonly HttpClient? _httpClient;
    private readonly ResponseCapture _capture = new();
    private readonly CookieJar _jar = new();
    private readonly string?[] _variables;
    private readonly FlowContext _context;
    private readonly StringBuilder _text = new();
    private readonly StringBuilder _body = new();
    private readonly Encoder _encoder = Encoding.UTF8.GetEncoder();
    private byte[] _buffer = new byte[1024];
    private string[]? _userRow;

    public FlowClient(CompiledFlow flow, EndPoint? endPoint, HttpClient? httpClient, string hostHeader, int user, Random random, IStepRecorder steps, CancellationToken abort)
    {
        _httpClient = httpClient;
        _flow = flow;
        _hostHeader = hostHeader;
        _random = random;
        _steps = steps;
        _abort = abort;
        _http = httpClient is null ? new Http1Client(endPoint!, user, requests: null, abort) : null;
        _variables = new string?[flow.Variables.Count];
        _context = new FlowContext(user, flow.Variables, _variables);
    }

    public ValueTask ConnectAsync() => _http?.ConnectAsync() ?? ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _http?.DisposeAsync() ?? ValueTask.CompletedTask;

    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    public async ValueTask<OperationResult> ExecuteAsync()
    {
        if (_flow.Definition.Session == FlowSession.Iteration)
        {
            _jar.Clear();
            Array.Clear(_variables);
        }

        if (!TakeDataRow())
        {
            _steps.EndRun(_flow.Data!.Exhausted);
            return OperationResult.Failure(Incomplete);
        }

        var time = _steps.Time;
        var intended = _steps.IterationIntended;
        // Indexed, not foreach over the list's interface: that would box an enumerator every iteration.
        var steps = _flow.Steps;
        for (var s = 0; s < steps.Length; s++)
        {
            var step = steps[s];
            if (step.Definition.Think is { } think)
            {
                intended += (long)(think.Next(_random).TotalSeconds * time.TimestampFrequency);
                var wait = intended - time.GetTimestamp();
                if (wait > 0)
                {
                    _steps.Pause();
                    try
                    {
                        await Task.Delay(RunContext.WholeMilliseconds(wait, time.TimestampFrequency), time, _steps.Interrupt).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException)
                    {
                        return OperationResult.Failure(Incomplete);
                    }
                }
            }

            if (!_steps.MayStartStep(time.GetTimestamp()))
            {
                return OperationResult.Failure(Incomplete);
            }

            var start = _steps.BeginStep();
            OperationResult result;
            try
            {
                result = step.Request is { } request
                    ? await SendAsync(step, request).ConfigureAwait(false)
                    : await ((CodeStep)step.Definition).Action(_context, _abort).ConfigureAwait(false) with { Request = step.Index };
            }
            catch (EngineFaultException)
            {
                throw;
            }
            catch (Exception ex)
            {
                result = OperationResult.Failure(_abort.IsCancellationRequested || ex is OperationCanceledException ? ErrorKinds.Timeout : ErrorKinds.Exception) with { Request = step.Index };
            }

            var end = time.GetTimestamp();
            _steps.RecordStep(result, intended, start, end);
            if (_abort.IsCancellationRequested)
            {
                // Abandoned for its timeout: the engine renews this client; the iteration ends here.
                return OperationResult.Failure(Incomplete);
            }

            intended = end;
        }

        return OperationResult.Success();
    }

    private bool TakeDataRow()
    {
        if (_flow.Data is not { } data)
        {
            return true;
        }

        string[] row;
        if (data.Data.Per == FlowDataScope.User)
        {
            if (_userRow is null)
            {
                if (!data.TryNext(_random, out var first))
                {
                    return false;
                }

                _userRow = first;
            }

            row = _userRow;
        }
        else if (!data.TryNext(_random, out row))
        {
            return false;
        }

        for (var i = 0; i < row.Length; i++)
        {
            _variables[_flow.DataColumns[i]] = row[i];
        }

        return true;
    }

    // Pooled as the engine's own exchange is: a step suspends on every request, and an unpooled box per step was
    // a measurable share of a flow's cost per request (bench/flow-cost.sh).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<OperationResult> SendAsync(CompiledFlow.Step step, CompiledRequest request)
    {
        _capture.KeepBody = step.NeedsBody;
        _capture.KeepHeaders = step.KeepHeaders;
        var result = _http is not null
            ? await _http.ExchangeAsync(Encode(request), request.IsHead, step.Index, expect: null, _capture).ConfigureAwait(false)
            : await SendWithHttpClientAsync(request, step.Index).ConfigureAwait(false);
        if (result.StatusCode == 0)
        {
            // No response: nothing to check or extract, and the checks are not counted (the error is).
            return result;
        }

        var received = _capture.Headers;
        for (var h = 0; h < received.Count; h++)
        {
            if (received[h].Key.Equals("Set-Cookie", StringComparison.OrdinalIgnoreCase))
            {
                _jar.Set(received[h].Value, _steps.Time.GetUtcNow());
            }
        }

        using var json = step.NeedsJson ? CompiledExpectation.ParseJson(_capture) : null;
        var root = json?.RootElement;
        var failed = request.Expect?.Evaluate(result.StatusCode, _capture, root, _variables) ?? 0;
        var bit = request.Expect?.Labels.Count ?? 0;
        foreach (var extraction in step.Extractions)
        {
            var value = Extract(extraction, root);
            _variables[extraction.Variable] = value;
            if (value is null)
            {
                failed |= 1UL << bit;
            }

            bit++;
        }

        return result with { Checked = true, FailedChecks = failed };
    }

    /// <summary>A step over <see cref="HttpClient"/> (https://, HTTP/2): the same rendering, cookies and capture.</summary>
    private async Task<OperationResult> SendWithHttpClientAsync(CompiledRequest request, int index)
    {
        _capture.Reset();
        ref var sequence = ref _flow.Sequence;
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_flow.BaseUri, request.Target.Render(_random, ref sequence, _variables)))
        {
            Version = _httpClient!.DefaultRequestVersion,
            VersionPolicy = _httpClient.DefaultVersionPolicy,
        };
        string? contentType = null;
        foreach (var (name, value) in request.Headers)
        {
            var rendered = value.Render(_random, ref sequence, _variables);
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase))
            {
                contentType = rendered;
            }
            else
            {
                message.Headers.TryAddWithoutValidation(name, rendered);
            }
        }

        if (_jar.Count > 0)
        {
            _text.Clear();
            _jar.AppendHeaderValue(_text);
            message.Headers.TryAddWithoutValidation("Cookie", _text.ToString());
        }

        if (request.Body is not null)
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(request.Body.Render(_random, ref sequence, _variables)));
            if (contentType is not null && System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed))
            {
                message.Content.Headers.ContentType = parsed;
            }
        }

        try
        {
            using var response = await _httpClient.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, _abort).ConfigureAwait(false);
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                foreach (var value in values)
                {
                    _capture.AddHeader(name, value);
                }
            }

            var stream = await response.Content.ReadAsStreamAsync(_abort).ConfigureAwait(false);
            var buffer = new byte[16 * 1024];
            long bytes = 0;
            int read;
            while ((read = await stream.ReadAsync(buffer, _abort).ConfigureAwait(false)) > 0)
            {
                bytes += read;
                _capture.AppendBody(buffer.AsSpan(0, read));
            }

            var status = (int)response.StatusCode;
            return status is >= 100 and <= 599
                ? new OperationResult(status, null, bytes) { Request = index }
                : OperationResult.Failure(ErrorKinds.Malformed) with { Request = index };
        }
        catch (OperationCanceledException) when (_abort.IsCancellationRequested)
        {
            return OperationResult.Failure(ErrorKinds.Timeout) with { Request = index };
        }
        catch (HttpRequestException ex)
        {
            return OperationResult.Failure(Http.HttpClientLoadClientFactory.Classify(ex)) with { Request = index };
        }
        catch (IOException)
        {
            return OperationResult.Failure(ErrorKinds.Reset) with { Request = index };
        }
    }

    private string? Extract(CompiledFlow.CompiledExtraction extraction, JsonElement? json)
    {
        switch (extraction.Definition.Source)
        {
            case ExtractionSource.Json:
                return json is { } root ? extraction.Path!.Find(root) : null;
            case ExtractionSource.Header:
                return _capture.Header(extraction.Definition.Expression);
            default:
                var match = extraction.Pattern!.Match(Encoding.UTF8.GetString(_capture.Body));
                return !match.Success ? null : match.Groups.Count > 1 ? match.Groups[1].Value : match.Value;
        }
    }

    private int ByteCount(StringBuilder text)
    {
        _encoder.Reset();
        var count = 0;
        foreach (var chunk in text.GetChunks())
        {
            count += _encoder.GetByteCount(chunk.Span, flush: false);
        }

        return count + _encoder.GetByteCount([], flush: true);
    }

    private int EncodeInto(StringBuilder text, int offset)
    {
        _encoder.Reset();
        foreach (var chunk in text.GetChunks())
        {
            offset += _encoder.GetBytes(chunk.Span, _buffer.AsSpan(offset), flush: false);
        }

        return offset + _encoder.GetBytes([], _buffer.AsSpan(offset), flush: true);
    }

    private ReadOnlyMemory<byte> Encode(CompiledRequest request)
    {
        ref var sequence = ref _flow.Sequence;
        _text.Clear();
        _body.Clear();
        _text.Append(request.Method).Append(' ');
        request.Target.Render(_text, _random, ref sequence, _variables);
        _text.Append(" HTTP/1.1\r\n");
        var hasHost = false;
        var headers = request.Headers;
        for (var h = 0; h < headers.Count; h++)
        {
            var (name, value) = headers[h];
            hasHost |= name.Equals("Host", StringComparison.OrdinalIgnoreCase);
            _text.Append(name).Append(": ");
            value.Render(_text, _random, ref sequence, _variables);
            _text.Append("\r\n");
        }

        if (!hasHost)
        {
            _text.Append("Host: ").Append(_hostHeader).Append("\r\n");
        }

        if (_jar.Count > 0)
        {
            _text.Append("Cookie: ");
            _jar.AppendHeaderValue(_text);
            _text.Append("\r\n");
        }

        request.Body?.Render(_body, _random, ref sequence, _variables);
        var bodyLength = ByteCount(_body);
        if (request.Body is not null || request.Method is "POST" or "PUT" or "PATCH")
        {
            _text.Append("Content-Length: ").Append(bodyLength).Append("\r\n");
        }

        _text.Append("\r\n");
        // Encoded straight from the builders' chunks: no string of the whole request is made.
        var length = ByteCount(_text) + bodyLength;
        if (_buffer.Length < length)
        {
            _buffer = new byte[Math.Max(length, _buffer.Length * 2)];
        }

        var written = EncodeInto(_text, 0);
        EncodeInto(_body, written);
        return _buffer.AsMemory(0, length);
    }
}
