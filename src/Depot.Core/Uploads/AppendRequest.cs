namespace Depot.Core.Uploads;

/// <summary>
/// One chunk for an upload: where the client believes the upload stands (<see cref="Offset"/>), the chunk's declared
/// size if known, the whole upload's length when it was deferred until now, and an optional checksum of the chunk.
/// </summary>
public sealed record AppendRequest(long Offset, long? ContentLength = null, long? UploadLength = null, ChunkChecksum? Checksum = null);
