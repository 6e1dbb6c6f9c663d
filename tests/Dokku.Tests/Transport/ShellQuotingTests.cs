using System.Diagnostics;
using Graduate.Dokku.Transport;

namespace Graduate.Dokku.Tests.Transport;

public class ShellQuotingTests
{
    private static readonly string[] Words =
    [
        "",
        "plain",
        "a b",
        "a;rm -rf /",
        "$(id)",
        "`id`",
        "it's",
        "'",
        "''",
        "\"",
        "\\",
        "a\nb",
        "a\tb",
        "*",
        "~",
        "$HOME",
        "!",
        "#comment",
        "{a,b}",
        "x=1",
        "-n",
        "--",
        "../x",
        "é ü 日本",
        "'\\''",
        "a'b\"c$d`e\\f",
    ];

    public static TheoryData<string> HostileWords => new(Words);

    [Theory]
    [MemberData(nameof(HostileWords))]
    public async Task Quote_ThroughPosixShell_RoundTripsExactly(string word)
    {
        var argv = await RunThroughShellAsync(["first", word, "last"]);

        Assert.Equal(["first", word, "last"], argv);
    }

    [Fact]
    public async Task Join_ManyHostileWords_EachArrivesAsOneArgument()
    {
        var words = Words.ToList();

        var argv = await RunThroughShellAsync(words);

        Assert.Equal(words, argv);
    }

    [Theory]
    [InlineData("portal")]
    [InlineData("apps:report")]
    [InlineData("--format")]
    [InlineData("KEY=aGVsbG8gd29ybGQ=")]
    [InlineData("dokku@production:portal")]
    public void Quote_SafeWord_StaysBare(string word)
    {
        // Dokku re-splits SSH_ORIGINAL_COMMAND without removing quotes, so safe words must stay bare.
        Assert.Equal(word, ShellQuoting.Quote(word));
    }

    [Fact]
    public void Quote_UnsafeWord_IsSingleQuoted()
    {
        Assert.Equal("'a b'", ShellQuoting.Quote("a b"));
        Assert.Equal(@"'it'\''s'", ShellQuoting.Quote("it's"));
        Assert.Equal("''", ShellQuoting.Quote(""));
    }

    private static async Task<List<string>> RunThroughShellAsync(IReadOnlyList<string> words)
    {
        var script = "printf '%s\\0' " + ShellQuoting.Join(words);
        var startInfo = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
            StandardOutputEncoding = new System.Text.UTF8Encoding(false),
        };
        startInfo.ArgumentList.Add("-c");
        startInfo.ArgumentList.Add(script);
        using var process = Process.Start(startInfo)!;
        var output = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        await process.WaitForExitAsync(CancellationToken.None);
        Assert.Equal(0, process.ExitCode);
        return [.. output.Split('\0')[..^1]];
    }
}
