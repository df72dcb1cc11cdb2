namespace Depot.Core.Uploads;

/// <summary>Appends to one upload's data. Nothing written counts until <see cref="Flush"/> made it durable.</summary>
public interface IPartialWriter : IAsyncDisposable
{
    ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken);

    /// <summary>fsync: every byte written so far survives a crash.</summary>
    void Flush();

    /// <summary>Drops everything past <paramref name="length"/> (a chunk whose checksum failed).</summary>
    void Truncate(long length);
}
