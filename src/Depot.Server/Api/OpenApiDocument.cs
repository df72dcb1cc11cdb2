using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Depot.Server.Api;

/// <summary>The document's identity and its bearer scheme, the same however the host is named.</summary>
internal static class OpenApiDocument
{
    public static void Configure(OpenApiOptions options) => options.AddDocumentTransformer((document, _, _) =>
    {
        document.Info = new OpenApiInfo
        {
            Title = "Depot API",
            Version = "v1",
            Description = "Files, folders, versions, trash and accounts. Errors are RFC 9457 problem documents with a stable code.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "A token from POST /api/v1/auth/token or a personal access token.",
        };
        return Task.CompletedTask;
    });
}
