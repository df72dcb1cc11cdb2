namespace Depot.Bench;

internal static class ParallelRequests
{
    /// <summary>
    /// Runs <paramref name="body"/> for indexes 0..count-1 on <paramref name="workers"/> loops that
    /// each keep one request in flight, i.e. exactly <paramref name="workers"/> busy connections.
    /// Each loop owns a buffer of <paramref name="bufferSize"/> bytes, reused for every request.
    /// </summary>
    public static async Task ForEachAsync(int count, int workers, int bufferSize, Func<byte[], int, Task> body)
    {
        var next = -1;

        async Task LoopAsync()
        {
            var buffer = new byte[bufferSize];
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await body(buffer, index);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, workers).Select(_ => Task.Run(LoopAsync)));
    }
}
