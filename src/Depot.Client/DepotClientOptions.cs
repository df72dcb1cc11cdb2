namespace Depot.Client;

/// <summary>How a <see cref="DepotClient"/> retries idempotent requests that failed for a transient reason.</summary>
public sealed record DepotClientOptions
{
    // 4 attempts: rides out a node restart or a short overload without keeping a script waiting for minutes.
    public int MaxAttempts { get; init; } = 4;

    // 0.5 s doubled per attempt (0.5, 1, 2 s before jitter): quick enough for a blip, slow enough to relieve a busy server.
    public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    // A single wait longer than 30 s (even when Retry-After asks for it) is handed back to the caller as an error.
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(30);

    // The sum of all waits for one call stays under a minute, so a call never hangs on retries alone.
    public TimeSpan MaxTotalDelay { get; init; } = TimeSpan.FromMinutes(1);

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    // 64 MiB: below it a failed PUT costs little to repeat; above it FilesClient.UploadAsync switches to tus, whose
    // chunks (and resumption after a broken connection) cost a few extra requests, irrelevant at that size.
    public long ResumableThreshold { get; init; } = 64L * 1024 * 1024;
}
