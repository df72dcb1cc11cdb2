using QRCoder;

namespace Depot.Server.Api;

/// <summary>QR codes as SVG, drawn on the server with QRCoder (no image library, no third-party service).</summary>
internal static class QrCodeSvg
{
    // Error correction M (15%): what authenticator apps read reliably from a screen; 8 px modules scale cleanly.
    public static string Render(string text)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(text, QRCodeGenerator.ECCLevel.M);
        return new SvgQRCode(data).GetGraphic(8, "#000000", "#ffffff", drawQuietZones: true);
    }
}
