using static Microsoft.Playwright.Assertions;

namespace Depot.Web.Tests;

/// <summary>
/// While files are on their way into a folder it is not shown as empty, and the panel tells the speed and the time left
/// (a large file is uploaded through tus with its chunks held back, so the test sees the upload in flight).
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class UploadPanelTests(WebAppFixture app)
{
    private const int Chunk = 8 * 1024 * 1024;

    [Fact]
    public async Task An_upload_in_flight_shows_speed_and_time_left_and_its_folder_is_not_called_empty()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        await user.Http.MkdirAsync("/inbox");
        var local = Directory.CreateTempSubdirectory("depot-web-panel-");
        var lastChunk = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        try
        {
            var file = Path.Combine(local.FullName, "big.bin");
            await File.WriteAllBytesAsync(file, new byte[(2 * Chunk) + 4096]);
            var patches = 0;
            await page.RouteAsync(url => new Uri(url).AbsolutePath.StartsWith("/api/v1/uploads/", StringComparison.Ordinal), async route =>
            {
                // The second chunk waits long enough for a measurable speed; the last waits until the test has looked.
                var n = route.Request.Method == "PATCH" ? Interlocked.Increment(ref patches) : 0;
                if (n == 2)
                {
                    await Task.Delay(1500);
                }
                else if (n == 3)
                {
                    await lastChunk.Task.WaitAsync(TimeSpan.FromSeconds(60));
                }

                await route.ContinueAsync();
            });

            await page.GotoAsync("/files/inbox");
            await Expect(page.Locator(".empty")).ToBeVisibleAsync();
            await page.GetByTestId("file-input").SetInputFilesAsync(file);

            await Expect(page.Locator(".browser > .status")).ToContainTextAsync("1 uploading");
            await Expect(page.Locator(".empty")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("upload-speed")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"\d.* [KMG]iB/s · .+ left"));
            Directory.CreateDirectory(WebAppFixture.ArtifactsDirectory);
            await page.ScreenshotAsync(new() { Path = Path.Combine(WebAppFixture.ArtifactsDirectory, "upload-panel-in-flight.png") });

            lastChunk.SetResult();
            await page.Locator(".upload[data-status=done]").WaitForAsync(new() { Timeout = 60_000 });
            await Expect(page.Locator(".browser > .status")).Not.ToContainTextAsync("uploading");
            await Expect(page.GetByTestId("upload-speed")).ToHaveCountAsync(0);
        }
        finally
        {
            lastChunk.TrySetResult();
            local.Delete(recursive: true);
        }
    }
}
