using System.CommandLine;
using Graduate.Cli.Configuration;

namespace Graduate.Cli.Commands;

/// <summary>The <c>&lt;PRE|POST&gt;</c> argument of the hooks commands (either case accepted, as a person types it).</summary>
public static class HookKindArgument
{
    public static Argument<HookKind> Create() =>
        new("PRE|POST")
        {
            Description = "PRE (before staging) or POST (after every app is staged, before go-live)",
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                switch (token.ToUpperInvariant())
                {
                    case "PRE":
                        return HookKind.Pre;
                    case "POST":
                        return HookKind.Post;
                    default:
                        result.AddError($"'{token}' is not a hook kind (use PRE or POST)");
                        return HookKind.Pre;
                }
            },
        };

    public static string Display(HookKind kind) => kind == HookKind.Pre ? "PRE" : "POST";
}
