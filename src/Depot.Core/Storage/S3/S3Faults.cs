using System.Net.Sockets;
using Amazon.Runtime;
using Amazon.S3;

namespace Depot.Core.Storage.S3;

/// <summary>
/// Which exceptions of an S3 call mean "the store failed" (after the SDK's own retries): they become
/// <see cref="StorageUnavailableException"/>, the one type the server answers with 503. The caller's cancellation stays
/// a cancellation; an exception from reading the client's body never passes through here.
/// </summary>
internal static class S3Faults
{
    public static async Task<T> CallAsync<T>(string what, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call(cancellationToken);
        }
        catch (Exception e) when (IsStoreFailure(e, cancellationToken))
        {
            throw Unavailable(what, e);
        }
    }

    public static bool IsStoreFailure(Exception e, CancellationToken cancellationToken) => e switch
    {
        _ when cancellationToken.IsCancellationRequested => false,
        // 4xx included: a missing bucket or refused credentials is the operator's to fix, never the client's mistake.
        AmazonServiceException or AmazonClientException => true,
        HttpRequestException or IOException or SocketException => true,
        // The SDK's per-attempt timeout (S3StorageOptions.RequestTimeout), not the caller's token: AWSSDK 4 throws it as
        // a TimeoutException once its retries are spent (S3FaultTests.A_store_slower_than_the_request_timeout_...),
        // older versions as a cancellation.
        TimeoutException or OperationCanceledException => true,
        _ => false,
    };

    public static bool IsNotFound(AmazonS3Exception e) =>
        e.StatusCode == System.Net.HttpStatusCode.NotFound && e.ErrorCode is "NoSuchKey" or "NotFound" or null or "";

    public static StorageUnavailableException Unavailable(string what, Exception e) => new(e switch
    {
        AmazonServiceException s => $"The object store failed to {what}: {(int)s.StatusCode} {s.ErrorCode} {s.Message}".TrimEnd(),
        _ => $"The object store could not be reached to {what}: {e.GetType().Name}: {e.Message}",
    }, e);
}
