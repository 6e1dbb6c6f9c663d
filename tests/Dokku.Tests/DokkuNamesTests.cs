using Graduate.Dokku.Exceptions;

namespace Graduate.Dokku.Tests;

public class DokkuNamesTests
{
    public static TheoryData<string> HostileNames => new(
        "a;rm -rf /",
        "$(id)",
        "`id`",
        "a b",
        "../x",
        "..",
        "x/../y",
        "portal\n",
        "portal\r",
        "por\0tal",
        "pörtal",
        "日本",
        "-rf",
        "--force",
        "a|b",
        "a&b",
        "a>b",
        "'a'",
        "\"a\"",
        "a\\b",
        "*",
        "",
        " ");

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void App_HostileName_IsRefused(string name)
    {
        var error = Assert.Throws<DokkuValidationException>(() => DokkuNames.App(name));

        Assert.Equal("app name", error.Kind);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Theory]
    [MemberData(nameof(HostileNames))]
    public void EveryNameKind_HostileName_IsRefused(string name)
    {
        Assert.Throws<DokkuValidationException>(() => DokkuNames.Environment(name));
        Assert.Throws<DokkuValidationException>(() => DokkuNames.GraduationId(name));
        Assert.Throws<DokkuValidationException>(() => DokkuNames.JobName(name));
        Assert.Throws<DokkuValidationException>(() => DokkuNames.Sha(name));
        Assert.Throws<DokkuValidationException>(() => DokkuNames.Tag(name));
        Assert.Throws<DokkuValidationException>(() => DokkuNames.ConfigKey(name));
        Assert.Throws<DokkuValidationException>(() => DokkuNames.KeyName(name));
        Assert.Throws<DokkuValidationException>(() => DokkuNames.GitRemote(name));
    }

    [Theory]
    [InlineData("portal")]
    [InlineData("web-services")]
    [InlineData("0day")]
    [InlineData("a")]
    public void App_DokkuStyleName_IsAccepted(string name)
    {
        Assert.Equal(name, DokkuNames.App(name));
        Assert.True(DokkuNames.IsValidApp(name));
    }

    [Theory]
    [InlineData("Portal")]
    [InlineData("my_app")]
    [InlineData("my.app")]
    public void App_OutsideDokkuRule_IsRefused(string name)
    {
        Assert.Throws<DokkuValidationException>(() => DokkuNames.App(name));
        Assert.False(DokkuNames.IsValidApp(name));
    }

    [Fact]
    public void App_TooLong_IsRefused()
    {
        Assert.Equal(new string('a', 63), DokkuNames.App(new string('a', 63)));
        var error = Assert.Throws<DokkuValidationException>(() => DokkuNames.App(new string('a', 64)));
        Assert.Contains("at most 63", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789abcdef0123456789abcdef01234567")]
    [InlineData("0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef")]
    public void Sha_FullHex_IsAccepted(string sha) => Assert.Equal(sha, DokkuNames.Sha(sha));

    [Theory]
    [InlineData("0123456")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF01234567")]
    [InlineData("HEAD")]
    [InlineData("master")]
    public void Sha_ShortUpperOrSymbolic_IsRefused(string sha) =>
        Assert.Throws<DokkuValidationException>(() => DokkuNames.Sha(sha));

    [Theory]
    [InlineData("production/20240101120000")]
    [InlineData("staging/2024-01-01T12.00")]
    public void Tag_GraduateTag_IsAccepted(string tag) => Assert.Equal(tag, DokkuNames.Tag(tag));

    [Theory]
    [InlineData("production/")]
    [InlineData("/x")]
    [InlineData("a//b")]
    [InlineData("a/b.lock")]
    [InlineData("a/b.")]
    [InlineData("a/.b")]
    public void Tag_BadRef_IsRefused(string tag) =>
        Assert.Throws<DokkuValidationException>(() => DokkuNames.Tag(tag));

    [Theory]
    [InlineData("graduate-staging-production-20240101")]
    [InlineData("Gid_1.2")]
    public void GraduationId_Typical_IsAccepted(string id) => Assert.Equal(id, DokkuNames.GraduationId(id));

    [Theory]
    [InlineData("dokku@production:portal")]
    [InlineData("ssh://dokku@127.0.0.1:2222/portal")]
    [InlineData("ssh://dokku@host/portal")]
    public void GitRemote_DokkuRemote_IsAccepted(string remote) => Assert.Equal(remote, DokkuNames.GitRemote(remote));

    [Theory]
    [InlineData("dokku@production:Portal")]
    [InlineData("dokku@production")]
    [InlineData("ssh://dokku@host:22")]
    [InlineData("ext::sh -c id")]
    [InlineData("dokku@-oProxyCommand=id:portal")]
    [InlineData("/tmp/repo")]
    public void GitRemote_Other_IsRefused(string remote) =>
        Assert.Throws<DokkuValidationException>(() => DokkuNames.GitRemote(remote));

    [Theory]
    [InlineData("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl dokku@staging")]
    [InlineData("ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ==")]
    public void PublicKey_OneLine_IsAccepted(string key) => Assert.Equal(key, DokkuNames.PublicKey(key + "\n"));

    [Theory]
    [InlineData("")]
    [InlineData("not a key")]
    [InlineData("ssh-ed25519 AAAA\nssh-ed25519 BBBB")]
    [InlineData("command=\"id\" ssh-ed25519 AAAA")]
    public void PublicKey_Other_IsRefused(string key) =>
        Assert.Throws<DokkuValidationException>(() => DokkuNames.PublicKey(key));

    [Fact]
    public void App_HostileName_MessageEscapesControlCharacters()
    {
        var error = Assert.Throws<DokkuValidationException>(() => DokkuNames.App("a\u001b[2Jb"));

        Assert.Contains("\\u001b", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', error.Message);
    }
}
