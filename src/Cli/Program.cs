using Graduate.Cli;

// graduate: see `graduate --help`; exit codes are listed in ExitCodes (and the README).
return await GraduateCli.InvokeAsync(args, CliContext.FromProcess());
