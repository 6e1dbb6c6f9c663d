using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Transport;

public class EnvironmentUrlTests
{
    [Theory]
    [InlineData("ssh://dokku@staging.example.com", "dokku", "staging.example.com", null)]
    [InlineData("ssh://dokku@10.0.0.5:2222", "dokku", "10.0.0.5", 2222)]
    [InlineData("ssh://deploy_user@host-1:22", "deploy_user", "host-1", 22)]
    [InlineData("ssh://dokku@[::1]:2200", "dokku", "::1", 2200)]
    [InlineData("dokku@production", "dokku", "production", null)]
    [InlineData("dokku@sim_host_alias", "dokku", "sim_host_alias", null)]
    public void Parse_SshForms_ExtractsParts(string text, string user, string host, int? port)
    {
        var url = EnvironmentUrl.Parse(text);

        Assert.Equal(EnvironmentUrlKind.Ssh, url.Kind);
        Assert.Equal(user, url.User);
        Assert.Equal(host, url.Host);
        Assert.Equal(port, url.Port);
    }

    [Fact]
    public void Parse_LocalPath_KeepsAbsolutePath()
    {
        var url = EnvironmentUrl.Parse("local:///tmp/hosts/staging/");

        Assert.Equal(EnvironmentUrlKind.Local, url.Kind);
        Assert.Equal("/tmp/hosts/staging", url.LocalPath);
        Assert.Equal("local:///tmp/hosts/staging", url.ToString());
    }

    [Theory]
    [InlineData("dokku@host", "ssh://dokku@host")]
    [InlineData("ssh://dokku@host:2222", "ssh://dokku@host:2222")]
    [InlineData("ssh://dokku@[::1]:22", "ssh://dokku@[::1]:22")]
    public void ToString_AnySshForm_IsCanonicalAndReparses(string text, string canonical)
    {
        var url = EnvironmentUrl.Parse(text);

        Assert.Equal(canonical, url.ToString());
        Assert.Equal(url, EnvironmentUrl.Parse(url.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("host")]
    [InlineData("dokku@")]
    [InlineData("@host")]
    [InlineData("dokku@host:2222")]
    [InlineData("ssh://host")]
    [InlineData("ssh://dokku@host:0")]
    [InlineData("ssh://dokku@host:65536")]
    [InlineData("ssh://dokku@host:22/app")]
    [InlineData("ssh://dokku@host:x")]
    [InlineData("http://dokku@host")]
    [InlineData("dokku@-oProxyCommand=id")]
    [InlineData("ssh://dokku@-oProxyCommand=id")]
    [InlineData("-oProxyCommand=id@host")]
    [InlineData("dokku@host;id")]
    [InlineData("dokku@ho st")]
    [InlineData("dokku@$(id)")]
    [InlineData("dokku@host\n")]
    [InlineData("dokku@hÖst")]
    [InlineData("local://relative/path")]
    [InlineData("local://")]
    public void Parse_AnythingElse_ThrowsOneLineErrorNamingAcceptedForms(string text)
    {
        var error = Assert.Throws<FormatException>(() => EnvironmentUrl.Parse(text));

        Assert.Contains(EnvironmentUrl.AcceptedForms, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void TryParse_Invalid_ReturnsFalse()
    {
        Assert.False(EnvironmentUrl.TryParse("nope", null, out _));
        Assert.True(EnvironmentUrl.TryParse("dokku@host", null, out var url));
        Assert.Equal("dokku@host", url.Display);
    }

    [Fact]
    public void Ssh_Factory_BuildsSameValueAsParse()
    {
        Assert.Equal(EnvironmentUrl.Parse("ssh://dokku@127.0.0.1:2201"), EnvironmentUrl.Ssh("dokku", "127.0.0.1", 2201));
    }
}
