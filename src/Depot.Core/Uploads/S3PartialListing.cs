using System.Runtime.CompilerServices;
using Depot.Core.Storage;

namespace Depot.Core.Uploads;

/// <summary>
/// Merges the two listings of <see cref="S3PartialStore"/> (multipart uploads, staging objects), each in key order and
/// so in id order, into one entry per upload with its latest instant, holding one entry of each at a time: never all ids
/// in memory. An upload may have only staging objects (no part filled yet) or only a multipart upload.
/// </summary>
internal static class S3PartialListing
{
    public static async IAsyncEnumerable<BlobListing> MergeAsync(
        IAsyncEnumerable<BlobListing> first, IAsyncEnumerable<BlobListing> second, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var a = first.GetAsyncEnumerator(cancellationToken);
        await using var b = second.GetAsyncEnumerator(cancellationToken);
        var (hasA, hasB) = (await a.MoveNextAsync(), await b.MoveNextAsync());
        BlobListing? pending = null;
        while (hasA || hasB)
        {
            BlobListing next;
            if (hasA && (!hasB || string.CompareOrdinal(a.Current.Id, b.Current.Id) <= 0))
            {
                (next, hasA) = (a.Current, await a.MoveNextAsync());
            }
            else
            {
                (next, hasB) = (b.Current, await b.MoveNextAsync());
            }

            if (pending is null || pending.Id != next.Id)
            {
                if (pending is not null)
                {
                    yield return pending;
                }

                pending = next;
            }
            else if (next.WrittenAt > pending.WrittenAt)
            {
                pending = next;
            }
        }

        if (pending is not null)
        {
            yield return pending;
        }
    }
}
