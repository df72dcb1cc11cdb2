using Depot.Server.Hosting;

GcBudgetDefaults.ApplyByReexec();
return await ServerCommandLine.RunAsync(args);
