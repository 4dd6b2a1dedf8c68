using System.Text.Json.Nodes;

namespace ScaleLab.Reports.Tests.Browser;

/// <summary>
/// One tab of <see cref="HeadlessChromium"/>: what it logged and fetched since it opened, a script evaluated in it,
/// and its screenshot. A report must log no error, fail no request and fetch nothing but its own file.
/// </summary>
internal sealed class BrowserPage(HeadlessChromium browser, string targetId, string sessionId) : IAsyncDisposable
{
    private readonly TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<string> _errors = [];
    private readonly List<string> _requests = [];
    private readonly List<string> _failedRequests = [];
    private readonly Lock _gate = new();

    public Task LoadEvent => _loaded.Task;

    /// <summary>Console errors, uncaught exceptions and error log entries (a Content-Security-Policy violation is one).</summary>
    public IReadOnlyList<string> Errors
    {
        get { lock (_gate) { return [.. _errors]; } }
    }

    /// <summary>Every URL the page asked for, its own file included.</summary>
    public IReadOnlyList<string> Requests
    {
        get { lock (_gate) { return [.. _requests]; } }
    }

    public IReadOnlyList<string> FailedRequests
    {
        get { lock (_gate) { return [.. _failedRequests]; } }
    }

    public Task<JsonObject> SendAsync(string method, JsonObject? parameters = null) => browser.SendAsync(method, parameters, sessionId);

    /// <summary>Evaluates <paramref name="expression"/> in the page and returns its value as JSON.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true });
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException($"the page's script failed: {exception.ToJsonString()}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>A PNG of the whole page, as tall as its content.</summary>
    public async Task<byte[]> ScreenshotAsync(int width = 1280)
    {
        var height = (int)Math.Ceiling((await EvaluateAsync("document.documentElement.scrollHeight"))!.GetValue<double>());
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = width, ["height"] = Math.Clamp(height, 200, 16000), ["deviceScaleFactor"] = 1, ["mobile"] = false });
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true });
        return Convert.FromBase64String(shot["data"]!.GetValue<string>());
    }

    /// <summary>Lays the page out as it would print ("print") or back on screen ("screen").</summary>
    public Task SetMediaAsync(string media) => SendAsync("Emulation.setEmulatedMedia", new JsonObject { ["media"] = media });

    /// <summary>Switches the page's preferred colour scheme ("light" or "dark"), as a user's system setting would.</summary>
    public Task SetColorSchemeAsync(string scheme) => SendAsync("Emulation.setEmulatedMedia", new JsonObject
    {
        ["features"] = new JsonArray(new JsonObject { ["name"] = "prefers-color-scheme", ["value"] = scheme }),
    });

    internal void OnEvent(string method, JsonObject parameters, string? session)
    {
        if (session != sessionId)
        {
            return;
        }

        lock (_gate)
        {
            switch (method)
            {
                case "Page.loadEventFired":
                    _loaded.TrySetResult();
                    break;
                case "Runtime.consoleAPICalled" when Text(parameters["type"]) is "error" or "assert":
                    _errors.Add($"console.{parameters["type"]}: {parameters["args"]?.ToJsonString()}");
                    break;
                case "Runtime.exceptionThrown":
                    _errors.Add($"exception: {parameters["exceptionDetails"]?.ToJsonString()}");
                    break;
                case "Log.entryAdded" when Text(parameters["entry"]?["level"]) == "error":
                    _errors.Add($"log: {parameters["entry"]?["text"]} ({parameters["entry"]?["url"]})");
                    break;
                case "Network.requestWillBeSent":
                    _requests.Add(Text(parameters["request"]?["url"]) ?? "?");
                    break;
                case "Network.loadingFailed":
                    _failedRequests.Add($"{parameters["requestId"]}: {parameters["errorText"]} {parameters["blockedReason"]}");
                    break;
            }
        }
    }

    private static string? Text(JsonNode? node) => node?.GetValue<string>();

    public async ValueTask DisposeAsync()
    {
        browser.Forget(this);
        try
        {
            await browser.SendAsync("Target.closeTarget", new JsonObject { ["targetId"] = targetId });
        }
        catch (InvalidOperationException)
        {
            // The browser is already gone.
        }
    }
}
