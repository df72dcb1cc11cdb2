namespace Depot.Core.Storage.Encryption;

/// <summary>What a blob's header says about keys (<see cref="EncryptedBlobStore.CheckKeyAsync"/>): whether it is encrypted at all, whether a configured key opens it, and the ids of the keys that would.</summary>
public sealed record BlobKeyCheck(string Id, bool Encrypted, bool Opens, IReadOnlyList<string> KeyIds);
