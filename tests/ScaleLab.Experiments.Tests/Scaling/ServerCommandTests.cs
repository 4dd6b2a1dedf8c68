using ScaleLab.Experiments.Scaling;

namespace ScaleLab.Experiments.Tests.Scaling;

public sealed class ServerCommandTests
{
    [Theory]
    [InlineData("python3 -m http.server {port}", new[] { "python3", "-m", "http.server", "{port}" })]
    [InlineData("srv --name 'two words' {port}", new[] { "srv", "--name", "two words", "{port}" })]
    [InlineData("srv \"a \\\"b\\\" c\" --port={port}", new[] { "srv", "a \"b\" c", "--port={port}" })]
    [InlineData("srv a\\ b   {port}", new[] { "srv", "a b", "{port}" })]
    public void Split_QuotesAndEscapes_WordsAsAShellWould(string text, string[] expected)
    {
        var (words, needsShell) = ServerCommand.Split(text);

        Assert.Equal(expected, words);
        Assert.False(needsShell);
    }

    [Theory]
    [InlineData("srv {port} | tee log")]
    [InlineData("cd /srv && ./run {port}")]
    [InlineData("srv --port \"$PORT\" {port}")]
    [InlineData("srv {port} > out.log")]
    public void Split_ShellSyntax_NeedsAShell(string text)
    {
        Assert.True(ServerCommand.Split(text).NeedsShell);
    }

    [Fact]
    public void ForPort_Plain_SubstitutesInEveryWord()
    {
        var (fileName, arguments) = ServerCommand.Parse("srv --listen 127.0.0.1:{port} --id {port}").ForPort(8123);

        Assert.Equal("srv", fileName);
        Assert.Equal(["--listen", "127.0.0.1:8123", "--id", "8123"], arguments);
    }

    [Fact]
    public void ForPort_ShellSyntax_RunsThroughSh()
    {
        var (fileName, arguments) = ServerCommand.Parse("srv {port} 2>&1 | cat").ForPort(9000);

        Assert.Equal("/bin/sh", fileName);
        Assert.Equal(["-c", "srv 9000 2>&1 | cat"], arguments);
    }

    [Theory]
    [InlineData("python3 -m http.server 8080", "{port}")]
    [InlineData("   ", "empty")]
    [InlineData("srv '{port}", "unclosed single quote")]
    public void Parse_BadCommand_OneLineSetupError(string text, string expected)
    {
        var error = Assert.Throws<ScaleSetupException>(() => ServerCommand.Parse(text));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }
}
