using System.Net;

namespace Depot.System.Tests;

/// <summary>A GET of a file as the tests see it: the hash of the bytes that arrived and the headers that describe them.</summary>
internal sealed record Download(HttpStatusCode Status, string? Sha256, long Length, long? ContentLength, string? ETag, string? ReprDigest);
