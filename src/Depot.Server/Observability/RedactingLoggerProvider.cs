namespace Depot.Server.Observability;

/// <summary>
/// The console logger (<see cref="BatchedConsoleLoggerProvider"/>) with <see cref="SecretRedaction"/> applied to each record's message, its structured values and its
/// exception, whatever the category and level (an operator who turns on Trace for Microsoft.AspNetCore still logs no
/// token). It also drops the host's own report of a failed start: <c>depot-server</c> prints one sentence for it instead.
/// </summary>
[ProviderAlias("Console")] // so Logging:Console:* settings still apply
internal sealed class RedactingLoggerProvider(BatchedConsoleLoggerProvider console) : ILoggerProvider, ISupportExternalScope
{
    // Microsoft.Extensions.Hosting's LoggerEventIds.HostedServiceStartupFaulted: "Hosting failed to start".
    private const int HostStartupFaulted = 11;
    private const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    public ILogger CreateLogger(string categoryName) => new RedactingLogger(console.CreateLogger(categoryName), categoryName == HostCategory);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => console.SetScopeProvider(scopeProvider);

    public void Dispose() => console.Dispose();

    private sealed class RedactingLogger(ILogger inner, bool isHost) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (isHost && eventId.Id == HostStartupFaulted)
            {
                return;
            }

            var message = formatter(state, exception);
            var exceptionText = exception?.ToString();
            if (!SecretRedaction.MightHoldSecret(message) && (exceptionText is null || !SecretRedaction.MightHoldSecret(exceptionText))
                && !HoldsSecretValue(state))
            {
                // The message as already formatted: formatting it a second time was a measurable part of the request line.
                inner.Log(logLevel, eventId, state, exception, (_, _) => message);
                return;
            }

            var redacted = new RedactedState(SecretRedaction.Redact(message), state as IReadOnlyList<KeyValuePair<string, object?>>);
            var safeException = exceptionText is null ? null : new RedactedException(SecretRedaction.Redact(exceptionText));
            inner.Log(logLevel, eventId, redacted, safeException, static (s, _) => s.ToString());
        }

        // By index: the request line's state is a struct, and LINQ's Any boxed it and its enumerator for every line.
        private static bool HoldsSecretValue<TState>(TState state)
        {
            if (state is not IReadOnlyList<KeyValuePair<string, object?>> pairs)
            {
                return false;
            }

            for (var i = 0; i < pairs.Count; i++)
            {
                if (pairs[i].Value is { } value and not ValueType && SecretRedaction.MightHoldSecret(value.ToString() ?? ""))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>The record's values as JSON logging writes them, each string redacted; its text is the redacted message.</summary>
    private sealed class RedactedState(string message, IReadOnlyList<KeyValuePair<string, object?>>? pairs)
        : IReadOnlyList<KeyValuePair<string, object?>>
    {
        private readonly KeyValuePair<string, object?>[] _pairs = pairs?
            .Select(p => new KeyValuePair<string, object?>(p.Key, Safe(p.Value)))
            .ToArray() ?? [];

        public int Count => _pairs.Length;

        public KeyValuePair<string, object?> this[int index] => _pairs[index];

        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => ((IEnumerable<KeyValuePair<string, object?>>)_pairs).GetEnumerator();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => message;

        // Strings and objects that print as text (a PathString, a Uri) are redacted as text; numbers and the like stay.
        private static object? Safe(object? value) =>
            value is null or ValueType ? value
            : value.ToString() is { } text && SecretRedaction.MightHoldSecret(text) ? SecretRedaction.Redact(text)
            : value;
    }

    /// <summary>Stands in for an exception whose text held a secret: formatters print ToString(), which is the redacted text.</summary>
    private sealed class RedactedException(string text) : Exception(text)
    {
        public override string ToString() => Message;
    }
}
