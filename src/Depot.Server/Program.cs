using Depot.Server.Hosting;

return await ServerCommandLine.RunAsync(args);
