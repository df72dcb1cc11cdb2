using System.ComponentModel.DataAnnotations;

namespace Depot.Server.Overload;

/// <summary>
/// Request rate limits per caller and the bound on concurrent heavy requests (zips, search). They share the
/// <c>Depot:Limits</c> section with Kestrel's limits. Every default is far above what one real client does (the
/// benchmark's 16 connections of small files stay well below), so only a runaway script or a flood meets them. 0 turns
/// a limit off.
/// </summary>
internal sealed class OverloadOptions
{
    public const string Section = "Depot:Limits";

    // 5,000 requests a second per signed-in user: far above the CLI's parallel put (8 streams of small files) or a WebDAV
    // sync client listing folder after folder; it exists so that one user cannot starve the others.
    [Range(0, 1_000_000)]
    public int UserRequestsPerSecond { get; set; } = 5000;

    // 10,000: a sync client's start-up burst (thousands of PROPFINDs and HEADs) passes without a single 429.
    [Range(1, 10_000_000)]
    public int UserBurst { get; set; } = 10_000;

    // 1,000 a second per client address for anonymous requests (sign-in, public links): an office behind one NAT
    // opening links passes; a flood from one address does not. IPv6 clients count per /64, the block one host gets.
    [Range(0, 1_000_000)]
    public int AddressRequestsPerSecond { get; set; } = 1000;

    [Range(1, 10_000_000)]
    public int AddressBurst { get; set; } = 2000;

    // Two per core: a zip or a search is mostly CPU (deflate, SQL) and disk reads, so more at once only makes
    // each slower; beyond this, 503 tells clients to come back rather than letting every request crawl.
    [Range(0, 10_000)]
    public int HeavyConcurrency { get; set; } = 2 * Environment.ProcessorCount;

    // 5 s: a typical zip takes seconds, so asking again sooner would mostly meet the same busy slots.
    [Range(1, 3600)]
    public int BusyRetryAfterSeconds { get; set; } = 5;
}
