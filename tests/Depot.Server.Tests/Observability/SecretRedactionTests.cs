using Depot.Server.Observability;

namespace Depot.Server.Tests.Observability;

public sealed class SecretRedactionTests
{
    [Theory]
    [InlineData("token dpt_AbC-123_xyz used", "token dpt_[redacted] used")]
    [InlineData("Request starting HTTP/1.1 GET http://h/s/dpl_secret-link/a.txt - -", "Request starting HTTP/1.1 GET http://h/s/[link]/a.txt - -")]
    [InlineData("GET /s/anything?download", "GET /s/[link]?download")]
    [InlineData("Authorization: Bearer dpt_0123456789abcdef", "Authorization: Bearer [redacted]")]
    [InlineData("Authorization: Basic YWxpY2U6bG9uZy1wYXNzd29yZA==", "Authorization: Basic [redacted]")]
    [InlineData("Invalid request line: 'GET /s/dpl_x HTTP/1.1'", "Invalid request line: 'GET /s/[link] HTTP/1.1'")]
    public void Secrets_are_replaced_wherever_they_appear(string text, string expected) =>
        Assert.Equal(expected, SecretRedaction.Redact(text));

    [Theory]
    [InlineData("Basic authentication needs HTTPS.")]
    [InlineData("PUT /api/v1/files/docs/report.pdf HTTP/1.1 -> 201 in 3.2 ms")]
    [InlineData("Bearer was not authenticated.")]
    public void Text_without_secrets_is_left_as_it_is(string text) =>
        Assert.Equal(text, SecretRedaction.Redact(text));
}
