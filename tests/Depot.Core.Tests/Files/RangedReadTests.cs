using Depot.Core.Files;
using Depot.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using static Depot.Core.Tests.Files.FilesHarness;

namespace Depot.Core.Tests.Files;

/// <summary>
/// A download that announced its range (a Range header) asks the store for that range only, with its length, so S3
/// serves one bounded ranged GET; a reader that goes past the announced range still gets the right bytes. The store is
/// the real local one, watched by a recorder.
/// </summary>
public sealed class RangedReadTests : IAsyncLifetime
{
    private const int Size = 100_000;
    private readonly byte[] _content = Enumerable.Range(0, Size).Select(i => (byte)(i * 7)).ToArray();
    private FilesHarness _h = null!;
    private RecordingBlobStore _store = null!;
    private FileService _files = null!;

    public async Task InitializeAsync()
    {
        _h = await CreateAsync(MetadataBackend.Sqlite);
        _store = new RecordingBlobStore(_h.Blobs);
        _files = new FileService(_h.Store, _store, _h.Storage, _h.Versions, _h.Clock, NullLogger<FileService>.Instance, _h.Audit, _h.Health);
    }

    public async Task DisposeAsync() => await _h.DisposeAsync();

    [Theory]
    [InlineData(100L, 199L, 100L, 100L)]        // bytes=100-199
    [InlineData(99_000L, null, 99_000L, null)]  // bytes=99000-: to the end, no length needed
    [InlineData(null, 500L, 99_500L, null)]     // bytes=-500: the last 500, to the end
    [InlineData(0L, 9L, 0L, 10L)]               // the first ten bytes
    [InlineData(99_990L, 200_000L, 99_990L, null)] // past the end: clipped to the end
    public async Task The_store_is_asked_for_the_announced_range_only(long? from, long? to, long offset, long? length)
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/f.bin", _content);
        var window = new ByteWindow(from, to).Resolve(Size)!.Value;

        var bytes = await ReadAsync(alice, new ByteWindow(from, to), window.Offset, window.Length);

        Assert.Equal(_content.AsSpan((int)window.Offset, (int)window.Length).ToArray(), bytes);
        Assert.Equal([(offset, length)], _store.Opens);
    }

    [Fact]
    public async Task A_reader_that_goes_past_the_announced_range_gets_the_rest_from_a_second_read()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/f.bin", _content);

        var bytes = await ReadAsync(alice, new ByteWindow(1_000, 1_099), 1_000, Size - 1_000);

        Assert.Equal(_content.AsSpan(1_000).ToArray(), bytes);
        Assert.Equal([(1_000L, 100L), (1_100L, null)], _store.Opens);
    }

    [Fact]
    public async Task A_read_that_starts_elsewhere_ignores_the_hint_and_a_whole_read_is_one_unbounded_open()
    {
        var alice = await _h.CreateUserAsync();
        await _h.UploadAsync(alice, "/f.bin", _content);

        Assert.Equal(_content, await ReadAsync(alice, new ByteWindow(5_000, 5_010), 0, Size));
        Assert.Equal(_content, await ReadAsync(alice, null, 0, Size));
        Assert.Equal([(0L, null), (0L, null)], _store.Opens);
        Assert.Null(new ByteWindow(Size, null).Resolve(Size));
        Assert.Null(new ByteWindow(null, 0).Resolve(Size));
    }

    private async Task<byte[]> ReadAsync(Depot.Core.Access.Caller caller, ByteWindow? window, long offset, long count)
    {
        var download = await _files.OpenReadAsync(caller, P("/f.bin"), null, window, CancellationToken.None);
        await using var content = download.Value.Content;
        content.Seek(offset, SeekOrigin.Begin); // as the framework's range processing does before it copies
        var bytes = new byte[count];
        await content.ReadExactlyAsync(bytes);
        return bytes;
    }

    /// <summary>The real store, with every open it is asked for written down.</summary>
    private sealed class RecordingBlobStore(IBlobStore inner) : IBlobStore
    {
        public List<(long Offset, long? Length)> Opens { get; } = [];

        public Task<Result<StoredBlob>> WriteAsync(Stream content, long maxBytes, CancellationToken cancellationToken) =>
            inner.WriteAsync(content, maxBytes, cancellationToken);

        public Task<OpenedBlob?> OpenReadAsync(string id, long offset, long? length, CancellationToken cancellationToken)
        {
            Opens.Add((offset, length));
            return inner.OpenReadAsync(id, offset, length, cancellationToken);
        }

        public Task DeleteAsync(string id, CancellationToken cancellationToken) => inner.DeleteAsync(id, cancellationToken);

        public Task CheckReadyAsync(CancellationToken cancellationToken) => inner.CheckReadyAsync(cancellationToken);

        public IAsyncEnumerable<BlobListing> ListAsync(CancellationToken cancellationToken) => inner.ListAsync(cancellationToken);
    }
}
