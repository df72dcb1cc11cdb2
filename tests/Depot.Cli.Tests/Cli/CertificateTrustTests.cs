using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Depot.Cli.Net;

namespace Depot.Cli.Tests.Cli;

public sealed class CertificateTrustTests
{
    private static X509Certificate2 SelfSigned()
    {
        using var key = ECDsa.Create();
        var request = new CertificateRequest("CN=depot.test", key, HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
    }

    [Fact]
    public void A_certificate_that_validates_normally_is_accepted_without_looking_at_fingerprints()
    {
        var trust = new CertificateTrust("depot.test:443", known: null, pinned: null);

        Assert.True(trust.Validate(this, SelfSigned(), null, SslPolicyErrors.None));
        Assert.Null(trust.Presented);
    }

    [Fact]
    public void An_unknown_untrusted_certificate_is_refused_and_its_fingerprint_recorded()
    {
        using var certificate = SelfSigned();
        var trust = new CertificateTrust("depot.test:443", known: null, pinned: null);

        Assert.False(trust.Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.Equal(CertificateTrust.Fingerprint(certificate), trust.Presented);
        Assert.StartsWith("SHA256:", trust.Presented);
        Assert.DoesNotContain("=", trust.Presented);
    }

    [Fact]
    public void A_stored_pinned_or_confirmed_fingerprint_is_accepted()
    {
        using var certificate = SelfSigned();
        var fingerprint = CertificateTrust.Fingerprint(certificate);
        var confirmed = new CertificateTrust("h:1", null, null);
        confirmed.Confirm(fingerprint);

        Assert.True(new CertificateTrust("h:1", fingerprint, null).Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(new CertificateTrust("h:1", null, fingerprint["SHA256:".Length..]).Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.True(confirmed.Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
        Assert.False(new CertificateTrust("h:1", "SHA256:other", null).Validate(this, certificate, null, SslPolicyErrors.RemoteCertificateChainErrors));
    }

    [Theory]
    [InlineData("SHA256:abc=", "SHA256:abc")]
    [InlineData("sha256:abc", "SHA256:abc")]
    [InlineData(" abc ", "SHA256:abc")]
    public void Pasted_fingerprints_are_normalised(string pasted, string expected) =>
        Assert.Equal(expected, CertificateTrust.Normalize(pasted));
}
