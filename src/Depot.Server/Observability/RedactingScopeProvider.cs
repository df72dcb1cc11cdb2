namespace Depot.Server.Observability;

/// <summary>
/// The logging scopes, with link tokens taken out of the <c>RequestPath</c> that ASP.NET Core's hosting puts in every
/// request's scope (captured before any middleware runs, so only here can it be changed). Every line a request logs
/// carries that scope, in the console and in JSON. Activity ids are not tracked (LoggingHosting turns them off).
/// </summary>
internal sealed class RedactingScopeProvider : IExternalScopeProvider
{
    private const string PathKey = "RequestPath";
    private readonly LoggerExternalScopeProvider _inner = new();

    public void ForEachScope<TState>(Action<object?, TState> callback, TState state) => _inner.ForEachScope(callback, state);

    public IDisposable Push(object? state) => _inner.Push(Redacted(state));

    private static object? Redacted(object? state)
    {
        if (state is not IReadOnlyList<KeyValuePair<string, object?>> pairs
            || !pairs.Any(p => p is { Key: PathKey, Value: string path } && LinkTokenRedaction.Redact(path) != path))
        {
            return state;
        }

        var text = state.ToString() ?? "";
        var redacted = new List<KeyValuePair<string, object?>>(pairs.Count);
        foreach (var (key, value) in pairs)
        {
            if (key == PathKey && value is string path)
            {
                var safe = LinkTokenRedaction.Redact(path);
                text = text.Replace(path, safe, StringComparison.Ordinal);
                redacted.Add(new(key, safe));
            }
            else
            {
                redacted.Add(new(key, value));
            }
        }

        return new Scope(redacted, text);
    }

    /// <summary>The same pairs and text, minus the token: formatters read either the pairs (JSON) or ToString (simple console).</summary>
    private sealed class Scope(IReadOnlyList<KeyValuePair<string, object?>> pairs, string text) : IReadOnlyList<KeyValuePair<string, object?>>
    {
        public int Count => pairs.Count;

        public KeyValuePair<string, object?> this[int index] => pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => pairs.GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => text;
    }
}
