namespace Depot.Server.Tests.Encryption;

/// <summary>Encryption at rest on S3: client-side, so the bucket never holds plaintext (unfinished tus uploads are sealed part by part in the bucket too).</summary>
public sealed class EncryptionOnS3Tests(EncryptedS3DepotServer server) : IClassFixture<EncryptedS3DepotServer>
{
    [Fact]
    public Task Uploads_by_rest_and_tus_read_back_and_the_bucket_holds_no_plaintext() => EncryptionTests.RoundTripAsync(server);
}
