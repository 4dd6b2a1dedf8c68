namespace ScaleLab.Cli.Tests;

public sealed class EngineEnvironmentTests
{
    [Theory]
    [InlineData("lab up --scenario heavy-query")]
    [InlineData("lab replica --port 0")]
    [InlineData("lab store")]
    [InlineData("lab balancer --port 0 --control")]
    [InlineData("demo --port 8080")]
    public void Serves_ServerCommand_True(string commandLine) =>
        Assert.True(EngineEnvironment.Serves(commandLine.Split(' ')));

    [Theory]
    [InlineData("run http://127.0.0.1:8080/ -c 4")]
    [InlineData("scale --lab heavy-query --db postgres")]
    [InlineData("diagnose")]
    [InlineData("lab status")]
    [InlineData("lab audit")]
    [InlineData("")]
    public void Serves_LoadOrClientCommand_False(string commandLine) =>
        Assert.False(EngineEnvironment.Serves(commandLine.Length == 0 ? [] : commandLine.Split(' ')));
}
