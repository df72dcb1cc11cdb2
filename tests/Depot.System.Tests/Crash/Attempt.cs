namespace Depot.System.Tests.Crash;

/// <summary>
/// One PUT of <see cref="Content"/> to <see cref="Path"/>. Times are the test's monotonic clock: <see cref="Start"/>
/// is taken before the request is sent, <see cref="End"/> after its response (or failure) arrived, so the server's
/// commit of this write, if any, happened inside [Start, End].
/// </summary>
internal sealed class Attempt(int id, string path, ContentSpec content, long start)
{
    public int Id { get; } = id;

    public string Path { get; } = path;

    public ContentSpec Content { get; } = content;

    public long Start { get; } = start;

    public long End { get; private set; } = long.MaxValue;

    public AttemptOutcome Outcome { get; private set; } = AttemptOutcome.InFlight;

    /// <summary>The status or the failure, for messages.</summary>
    public string? Detail { get; private set; }

    public void Finish(AttemptOutcome outcome, long end, string? detail)
    {
        Outcome = outcome;
        End = end;
        Detail = detail;
    }

    public override string ToString() => $"#{Id} {Outcome} [{Start}..{(End == long.MaxValue ? "∞" : End)}] {Content} {Detail}";
}

internal enum AttemptOutcome
{
    /// <summary>Sent, no answer yet: at a kill it may or may not have committed.</summary>
    InFlight,

    /// <summary>2xx: the server promised it is durable.</summary>
    Acknowledged,

    /// <summary>An HTTP error status: the server said it stored nothing.</summary>
    Rejected,

    /// <summary>No answer (connection reset by the kill): may or may not have committed.</summary>
    Unknown,
}
