namespace Depot.Server.Auth;

/// <summary>Endpoint metadata: reachable by a session that must still enrol in two-factor sign-in.</summary>
internal sealed class AllowedBeforeEnrolment
{
    public static AllowedBeforeEnrolment Instance { get; } = new();
}
