namespace Depot.Cli.Sync;

/// <summary>The actions of one sync pass, and the paths it cannot sync (reported, never fatal).</summary>
internal sealed record SyncPlan(IReadOnlyList<SyncAction> Actions, IReadOnlyList<string> Problems);
