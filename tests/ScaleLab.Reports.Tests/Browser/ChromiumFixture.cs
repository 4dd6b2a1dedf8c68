namespace ScaleLab.Reports.Tests.Browser;

/// <summary>One headless Chromium for all the tests of a class: starting one takes a second or two on a busy machine.</summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private HeadlessChromium? _browser;

    internal HeadlessChromium Browser => _browser ?? throw new InvalidOperationException("the browser did not start");

    public async Task InitializeAsync() => _browser = await HeadlessChromium.StartAsync();

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
    }
}
