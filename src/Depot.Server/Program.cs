using Depot.Server;

var app = DepotApp.Build(args);
await app.RunAsync();
