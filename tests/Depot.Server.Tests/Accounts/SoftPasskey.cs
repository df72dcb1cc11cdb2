using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Depot.Server.Tests.Accounts;

/// <summary>
/// A software WebAuthn authenticator (ES256, "none" attestation, user present and verified) that answers the server's
/// options as a browser would, so the API can be driven, and its refusals provoked, without a browser. The browser
/// suite covers the real thing with Chromium's virtual authenticator.
/// </summary>
internal sealed class SoftPasskey : IDisposable
{
    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly byte[] _credentialId = RandomNumberGenerator.GetBytes(32);
    private byte[] _userHandle = [];

    /// <summary>The signature counter the next assertion carries (it increments first); set it back to act as a clone.</summary>
    public uint Counter { get; set; }

    public string CredentialId => Base64Url.EncodeToString(_credentialId);

    /// <summary>The answer to creation options, as <c>PublicKeyCredential.toJSON()</c> gives it.</summary>
    public JsonElement Create(JsonElement options, string origin)
    {
        var rpId = options.GetProperty("rp").GetProperty("id").GetString()!;
        _userHandle = Base64Url.DecodeFromChars(options.GetProperty("user").GetProperty("id").GetString());
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!, origin);

        var cose = new CborWriter();
        cose.WriteStartMap(5);
        cose.WriteInt32(1); cose.WriteInt32(2);      // kty: EC2
        cose.WriteInt32(3); cose.WriteInt32(-7);     // alg: ES256
        cose.WriteInt32(-1); cose.WriteInt32(1);     // crv: P-256
        var point = _key.ExportParameters(false).Q;
        cose.WriteInt32(-2); cose.WriteByteString(point.X!);
        cose.WriteInt32(-3); cose.WriteByteString(point.Y!);
        cose.WriteEndMap();

        byte[] credentialData = [.. new byte[16], .. BigEndian((ushort)_credentialId.Length), .. _credentialId, .. cose.Encode()];
        var authData = AuthenticatorData(rpId, 0x45, credentialData);   // UP | UV | AT

        var attestation = new CborWriter();
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt"); attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt"); attestation.WriteStartMap(0); attestation.WriteEndMap();
        attestation.WriteTextString("authData"); attestation.WriteByteString(authData);
        attestation.WriteEndMap();

        return Credential(new JsonObject
        {
            ["attestationObject"] = Base64Url.EncodeToString(attestation.Encode()),
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["transports"] = new JsonArray("internal"),
        });
    }

    /// <summary>The answer to request options: signs the challenge for <paramref name="origin"/>.</summary>
    public JsonElement Get(JsonElement options, string origin)
    {
        var rpId = options.GetProperty("rpId").GetString()!;
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!, origin);
        Counter++;
        var authData = AuthenticatorData(rpId, 0x05, []);   // UP | UV
        var signature = _key.SignData([.. authData, .. SHA256.HashData(clientData)], HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        return Credential(new JsonObject
        {
            ["authenticatorData"] = Base64Url.EncodeToString(authData),
            ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
            ["signature"] = Base64Url.EncodeToString(signature),
            ["userHandle"] = Base64Url.EncodeToString(_userHandle),
        });
    }

    public void Dispose() => _key.Dispose();

    private JsonElement Credential(JsonObject response) => JsonSerializer.SerializeToElement(new JsonObject
    {
        ["id"] = CredentialId,
        ["rawId"] = CredentialId,
        ["type"] = "public-key",
        ["response"] = response,
        ["clientExtensionResults"] = new JsonObject(),
    });

    private byte[] AuthenticatorData(string rpId, byte flags, byte[] credentialData) =>
        [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), flags, .. BigEndian(Counter), .. credentialData];

    private static byte[] ClientData(string type, string challenge, string origin) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject { ["type"] = type, ["challenge"] = challenge, ["origin"] = origin, ["crossOrigin"] = false });

    private static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    private static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
