namespace Depot.System.Tests;

/// <summary>
/// Tests that run heavy server processes share this collection so they run one at a time: on a 2-core machine
/// two crash loops side by side would time each other out.
/// </summary>
[CollectionDefinition(nameof(ProcessCollection))]
public sealed class ProcessCollection;
