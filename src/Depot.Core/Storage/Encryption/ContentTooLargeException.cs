namespace Depot.Core.Storage.Encryption;

/// <summary>
/// Stops a write whose plaintext passed its limit (<see cref="EncryptingReadStream"/>): thrown through the raw store,
/// which then leaves nothing behind, and turned back into <c>payload_too_large</c> by <see cref="EncryptedBlobStore"/>.
/// </summary>
internal sealed class ContentTooLargeException : Exception;
