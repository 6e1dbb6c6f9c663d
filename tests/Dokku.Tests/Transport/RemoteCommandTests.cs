using Graduate.Dokku.Exceptions;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Transport;

public class RemoteCommandTests
{
    [Fact]
    public void Create_SafeArguments_JoinsWithSpaces()
    {
        var command = RemoteCommand.Create("apps:report", "portal", "--format", "json");

        Assert.Equal("apps:report portal --format json", command.CommandLine);
        Assert.Equal(["apps:report", "portal", "--format", "json"], command.Arguments);
    }

    [Theory]
    [InlineData("a b")]
    [InlineData("a;rm -rf /")]
    [InlineData("$(id)")]
    [InlineData("it's")]
    [InlineData("")]
    [InlineData("x\n")]
    [InlineData("日本")]
    public void Create_ArgumentNeedingQuotes_IsRefused(string argument)
    {
        // Dokku re-splits the command line on whitespace without honouring quotes, so such an
        // argument could never arrive intact: refuse it rather than send something mangled.
        Assert.Throws<DokkuValidationException>(() => RemoteCommand.Create("run", argument));
    }
}
