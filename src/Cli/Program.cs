using System.CommandLine;

// The graduate CLI. Commands arrive with the Graduation workflow (issue 4); for now it knows its name and version.
var root = new RootCommand("graduate: promote a whole set of Dokku apps from one environment to the next, all or nothing, on Temporal.");
return await root.Parse(args).InvokeAsync();
