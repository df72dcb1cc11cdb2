using System.Net;
using System.Net.Http.Json;
using Depot.Protocol;
using Depot.Protocol.Auth;
using Depot.Testing;
using Xunit.Abstractions;

namespace Depot.System.Tests.Operations;

/// <summary>Issue 9, point 11: an operator who lost the admin password resets it from the server machine, while it runs.</summary>
[Collection(nameof(ProcessCollection))]
public sealed class ResetPasswordTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Reset_password_on_the_server_machine_sets_it_and_ends_every_session()
    {
        await using var depot = await DepotProcess.StartNewAsync(output);
        var oldToken = await depot.SignInAsync("admin", DepotProcess.AdminPassword);

        var reset = await ServerCommand.RunAsync(["reset-password", "admin", $"--Depot:DataPath={depot.DataPath}"],
            standardInput: "a-brand-new-password-42");
        output.WriteLine(reset.Output);
        Assert.Equal(0, reset.ExitCode);
        Assert.DoesNotContain("a-brand-new-password-42", reset.Output); // read from stdin: never echoed

        using var http = depot.CreateHttpClient();
        using var oldPassword = await http.PostAsJsonAsync("/api/v1/auth/token", new TokenRequest("admin", DepotProcess.AdminPassword),
            DepotJsonContext.Default.TokenRequest);
        Assert.Equal(HttpStatusCode.Unauthorized, oldPassword.StatusCode);
        var newToken = await depot.SignInAsync("admin", "a-brand-new-password-42");
        Assert.False(string.IsNullOrEmpty(newToken));

        // The old session ended (within the running node's 30 s token cache; this node sees the store's write directly).
        await WaitUntilRejectedAsync(depot.CreateHttpClient(oldToken));
    }

    [Fact]
    public async Task Reset_password_of_an_unknown_user_or_without_a_database_fails_clearly()
    {
        await using var depot = await DepotProcess.StartNewAsync(output);
        var unknown = await ServerCommand.RunAsync(["reset-password", "nobody-here", $"--Depot:DataPath={depot.DataPath}"], standardInput: "whatever-password-1");
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("depot-server:", unknown.StandardError);

        var empty = Directory.CreateTempSubdirectory("depot-nodb-");
        try
        {
            var none = await ServerCommand.RunAsync(["reset-password", "admin", $"--Depot:DataPath={empty.FullName}"], standardInput: "whatever-password-1");
            Assert.Equal(1, none.ExitCode);
            Assert.Contains("no Depot database", none.StandardError);
            Assert.Empty(empty.GetFileSystemInfos()); // nothing created where there was nothing
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    private static async Task WaitUntilRejectedAsync(HttpClient client)
    {
        using (client)
        {
            var deadline = DateTime.UtcNow.AddSeconds(40);
            while (true)
            {
                using var me = await client.GetAsync("/api/v1/me");
                if (me.StatusCode == HttpStatusCode.Unauthorized)
                {
                    return;
                }

                Assert.True(DateTime.UtcNow < deadline, "the session outlived the password reset");
                await Task.Delay(500);
            }
        }
    }
}
