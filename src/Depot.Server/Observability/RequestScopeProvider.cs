namespace Depot.Server.Observability;

/// <summary>
/// The logging scopes, cut to what a line needs: the <c>RequestId</c> of the request it belongs to. ASP.NET Core's
/// hosting opens a scope with <c>RequestPath</c> and <c>RequestId</c> inside Kestrel's <c>ConnectionId</c> scope; the
/// request line already names the path (decoded, with link tokens taken out) and the request id begins with the
/// connection id, so both would only repeat themselves on every line, and the raw path would carry a link's token.
/// Activity ids are not tracked (LoggingHosting turns them off).
/// </summary>
internal sealed class RequestScopeProvider : IExternalScopeProvider
{
    private const string RequestIdKey = "RequestId";
    private const string ConnectionIdKey = "ConnectionId";
    private readonly LoggerExternalScopeProvider _inner = new();

    public void ForEachScope<TState>(Action<object?, TState> callback, TState state) => _inner.ForEachScope(callback, state);

    public IDisposable Push(object? state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> pairs)
        {
            return _inner.Push(state);
        }

        if (pairs is [{ Key: ConnectionIdKey }])
        {
            return NotPushed.Instance;
        }

        foreach (var (key, value) in pairs)
        {
            if (key == RequestIdKey && value is string requestId)
            {
                return _inner.Push(new RequestIdScope(requestId));
            }
        }

        return _inner.Push(state);
    }

    /// <summary>One pair and its text: formatters read either the pairs (JSON) or ToString (simple console).</summary>
    private sealed class RequestIdScope(string requestId) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => 1;

        public KeyValuePair<string, object?> this[int index] =>
            index == 0 ? new(RequestIdKey, requestId) : throw new ArgumentOutOfRangeException(nameof(index));

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
        {
            yield return this[0];
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => $"{RequestIdKey}:{requestId}";
    }

    private sealed class NotPushed : IDisposable
    {
        public static readonly NotPushed Instance = new();

        public void Dispose()
        {
        }
    }
}
