using Microsoft.Extensions.Hosting;

// The Graduate worker host. Workflows and activities are registered here as they land (issue 4).
var builder = Host.CreateApplicationBuilder(args);
using var host = builder.Build();
Console.Error.WriteLine("graduate-worker: no workflows are registered yet; nothing to run.");
return 4;
