using Depot.Core.Storage.S3;

namespace Depot.Core.Tests.Storage;

public sealed class S3ClientsTests
{
    [Theory]
    [InlineData("http://127.0.0.1:7480", true)]                 // plain HTTP: the signature is what protects the body
    [InlineData("https://s3.eu-central-1.amazonaws.com", false)]  // TLS protects it: UNSIGNED-PAYLOAD
    [InlineData("HTTPS://minio.example", false)]
    [InlineData(null, false)]                                    // AWS itself, always HTTPS
    public void The_payload_is_signed_only_over_plain_http(string? serviceUrl, bool signs) =>
        Assert.Equal(signs, S3Clients.SignsPayload(new S3StorageOptions { ServiceUrl = serviceUrl, Bucket = "b" }));
}
