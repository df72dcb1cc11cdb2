using Depot.Protocol.Files;

namespace Depot.System.Tests.Crash;

/// <summary>The files a verification saw (by path) and what was wrong.</summary>
internal sealed record VerifiedState(IReadOnlyDictionary<string, NodeInfo> Files, IReadOnlyList<string> Violations);
