namespace Depot.Core.Storage;

/// <summary>
/// A blob opened for reading (<see cref="IBlobStore.OpenReadAsync"/>): the forward-only <see cref="Content"/> of the range
/// asked for, and <see cref="BlobSize"/>, the size of the whole blob as the store holds it, which a reader compares with
/// the recorded size before it sends a byte. Disposing it closes the content.
/// </summary>
public sealed record OpenedBlob(Stream Content, long BlobSize) : IAsyncDisposable
{
    public ValueTask DisposeAsync() => Content.DisposeAsync();
}
