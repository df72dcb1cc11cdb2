using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Depot.Core.Data;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Protocol.Users;
using Depot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Depot.Server.Tests.Audit;

/// <summary>
/// No audit event ever holds a secret: every password and token used below is searched for in the API's audit JSON
/// and in the raw <c>audit_events</c> rows.
/// </summary>
public sealed class AuditSecretsTests(DepotServer server) : IClassFixture<DepotServer>
{
    [Fact]
    public async Task No_audit_event_contains_a_password_or_token()
    {
        using var admin = await server.CreateAdminHttpClientAsync();
        using var alice = await server.CreateUserAsync();
        var secrets = new List<string> { DepotServer.AdminPassword, alice.Password, alice.Token };

        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        secrets.Add(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(alice.Username, wrong));
        // A token pasted into the username field (it happens) must not land in the log either.
        Assert.Equal(HttpStatusCode.Unauthorized, await SignInStatusAsync(alice.Token, wrong));

        using var created = await alice.Http.PostAsJsonAsync("/api/v1/me/tokens", new CreateTokenRequest("ci", null),
            DepotJsonContext.Default.CreateTokenRequest);
        secrets.Add((await created.Content.ReadFromJsonAsync(DepotJsonContext.Default.CreatedToken))!.Token);

        var changed = "changed-" + Guid.NewGuid().ToString("N");
        secrets.Add(changed);
        using var change = await alice.Http.PutAsJsonAsync("/api/v1/me/password", new ChangePasswordRequest(alice.Password, changed),
            DepotJsonContext.Default.ChangePasswordRequest);
        Assert.Equal(HttpStatusCode.NoContent, change.StatusCode);
        secrets.Add(await server.SignInAsync(alice.Username, changed));

        var reset = "reset-" + Guid.NewGuid().ToString("N");
        secrets.Add(reset);
        (await admin.PutAsJsonAsync($"/api/v1/users/{alice.Username}/password", new SetPasswordRequest(reset),
            DepotJsonContext.Default.SetPasswordRequest)).EnsureSuccessStatusCode();
        var bobPassword = "bob-" + Guid.NewGuid().ToString("N");
        secrets.Add(bobPassword);
        (await admin.PostAsJsonAsync("/api/v1/users", new CreateUserRequest("bob" + Guid.NewGuid().ToString("N")[..8], bobPassword),
            DepotJsonContext.Default.CreateUserRequest)).EnsureSuccessStatusCode();

        var json = await ReadAllAuditJsonAsync(admin);
        var rows = await ReadAllRowsAsync();
        Assert.Contains(alice.Username, json);
        Assert.Contains("token.create", rows);
        Assert.Contains("[redacted]", rows);
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, json, StringComparison.Ordinal);
            Assert.DoesNotContain(secret, rows, StringComparison.Ordinal);
        }
    }

    private async Task<HttpStatusCode> SignInStatusAsync(string username, string password)
    {
        using var http = server.CreateHttpClient();
        using var response = await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest(username, password), DepotJsonContext.Default.TokenRequest);
        return response.StatusCode;
    }

    /// <summary>Every page of the admin's view, as raw JSON text.</summary>
    private static async Task<string> ReadAllAuditJsonAsync(HttpClient admin)
    {
        var text = new StringBuilder();
        string? cursor = null;
        do
        {
            var raw = await admin.GetStringAsync("/api/v1/audit?limit=50" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            text.AppendLine(raw);
            cursor = System.Text.Json.JsonDocument.Parse(raw).RootElement.TryGetProperty("nextCursor", out var next) ? next.GetString() : null;
        }
        while (cursor is not null);

        return text.ToString();
    }

    /// <summary>Every column of every stored event, straight from the metadata store.</summary>
    private async Task<string> ReadAllRowsAsync()
    {
        await using var connection = await server.Services.GetRequiredService<IDatabase>().OpenAsync(CancellationToken.None);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT * FROM audit_events";
        await using DbDataReader reader = await command.ExecuteReaderAsync();
        var text = new StringBuilder();
        while (await reader.ReadAsync())
        {
            for (var i = 0; i < reader.FieldCount; i++)
            {
                text.Append(reader.IsDBNull(i) ? "" : Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)).Append('|');
            }

            text.AppendLine();
        }

        return text.ToString();
    }
}
