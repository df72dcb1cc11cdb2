using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace Depot.Web.Tests;

/// <summary>
/// Files of at least 8 MiB upload through tus (/api/v1/uploads, 8 MiB chunks) and resume after an interruption:
/// a dropped chunk is retried from the server's offset, and after a page reload the same file added to the same
/// place continues from where the server stands (the upload URL is kept in localStorage).
/// </summary>
[Collection(nameof(WebAppCollection))]
public sealed class TusUploadTests(WebAppFixture app)
{
    private const int Chunk = 8 * 1024 * 1024;

    private sealed record Seen(string Method, string Path, string? Offset);

    private static ConcurrentQueue<Seen> Record(IPage page)
    {
        var seen = new ConcurrentQueue<Seen>();
        page.Request += (_, r) =>
        {
            var path = new Uri(r.Url).AbsolutePath;
            if (path.StartsWith("/api/v1/uploads", StringComparison.Ordinal) || path.StartsWith("/api/v1/files", StringComparison.Ordinal))
            {
                seen.Enqueue(new(r.Method, path, r.Headers.TryGetValue("upload-offset", out var o) ? o : null));
            }
        };
        return seen;
    }

    private static bool IsUploadUrl(string url) => new Uri(url).AbsolutePath.StartsWith("/api/v1/uploads/", StringComparison.Ordinal);

    private static async Task<(string Path, byte[] Bytes)> BigFileAsync(DirectoryInfo dir, string name)
    {
        var bytes = new byte[(2 * Chunk) + 1_234_567];
        Random.Shared.NextBytes(bytes);
        var path = Path.Combine(dir.FullName, name);
        await File.WriteAllBytesAsync(path, bytes);
        return (path, bytes);
    }

    private static Task<int> StoredUploadsAsync(IPage page) =>
        page.EvaluateAsync<int>("() => Object.keys(localStorage).filter(k => k.startsWith('tus::')).length");

    [Fact]
    public async Task Large_file_goes_through_tus_and_a_dropped_chunk_is_retried_from_the_server_offset()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        var local = Directory.CreateTempSubdirectory("depot-web-tus-");
        try
        {
            var (file, bytes) = await BigFileAsync(local, "big.bin");
            var seen = Record(page);
            var patches = 0;
            var dropped = 0;
            await page.RouteAsync(IsUploadUrl, async route =>
            {
                // The second chunk's PATCH is cut off once; tus-js-client asks the server (HEAD) and sends it again.
                if (route.Request.Method == "PATCH" && Interlocked.Increment(ref patches) == 2)
                {
                    Interlocked.Increment(ref dropped);
                    await route.AbortAsync();
                    return;
                }

                await route.ContinueAsync();
            });

            await page.GetByTestId("file-input").SetInputFilesAsync(file);
            await page.Locator(".upload[data-status=done]").WaitForAsync(new() { Timeout = 60_000 });

            Assert.Equal(bytes, await user.Http.GetBytesAsync("/big.bin"));
            Assert.Equal(1, dropped);
            var list = seen.ToArray();
            Assert.DoesNotContain(list, s => s.Method == "PUT");
            Assert.Single(list, s => s.Method == "POST" && s.Path == "/api/v1/uploads");
            var patchOffsets = list.Where(s => s.Method == "PATCH").Select(s => s.Offset ?? "-").ToArray();
            Assert.Equal(["0", $"{Chunk}", $"{Chunk}", $"{2 * Chunk}"], patchOffsets);
            Assert.Contains(list, s => s.Method == "HEAD");
            Assert.Equal(0, await StoredUploadsAsync(page));   // finished: its URL is forgotten
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Upload_cut_off_and_page_reloaded_resumes_when_the_same_file_is_added_again()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        var local = Directory.CreateTempSubdirectory("depot-web-tus-");
        try
        {
            var (file, bytes) = await BigFileAsync(local, "movie.bin");
            var patches = 0;
            var cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Func<IRoute, Task> network = async route =>
            {
                // The first chunk arrives; from then on the network is gone for this upload.
                if (route.Request.Method == "PATCH" && Interlocked.Increment(ref patches) == 1)
                {
                    await route.ContinueAsync();
                    return;
                }

                if (Volatile.Read(ref patches) >= 1)
                {
                    cut.TrySetResult();
                    await route.AbortAsync();
                    return;
                }

                await route.ContinueAsync();
            };
            await page.RouteAsync(IsUploadUrl, network);

            await page.GetByTestId("file-input").SetInputFilesAsync(file);
            await cut.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(1, await StoredUploadsAsync(page));
            Assert.Null(await user.Http.GetBytesAsync("/movie.bin"));

            // The interruption: the page goes away mid-upload. Then the network is back and the user adds the file again.
            // The network comes back only once the old page is gone: a retry of the old page let through between the two
            // would be cut by the reload after part of its body arrived, and the server rightly keeps those bytes.
            await page.ReloadAsync();
            await page.GetByRole(AriaRole.Navigation, new() { Name = "Breadcrumb" }).WaitForAsync();
            await page.UnrouteAsync(IsUploadUrl, network);
            var seen = Record(page);
            await page.GetByTestId("file-input").SetInputFilesAsync(file);
            await page.Locator(".upload[data-status=done]").WaitForAsync(new() { Timeout = 60_000 });

            Assert.Equal(bytes, await user.Http.GetBytesAsync("/movie.bin"));
            var list = seen.ToArray();
            Assert.DoesNotContain(list, s => s.Method == "POST" || s.Method == "PUT");   // no new upload: the old one resumed
            Assert.Equal("HEAD", list.First(s => s.Method is "HEAD" or "PATCH").Method);
            Assert.Equal([$"{Chunk}", $"{2 * Chunk}"], list.Where(s => s.Method == "PATCH").Select(s => s.Offset ?? "-").ToArray());
            Assert.Equal(0, await StoredUploadsAsync(page));
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Large_file_conflict_can_replace_and_cancel_terminates_the_upload()
    {
        var (context, page, user) = await app.SignedInAsync();
        await using var _ = context;
        var local = Directory.CreateTempSubdirectory("depot-web-tus-");
        try
        {
            await user.Http.PutAsync("/big.bin", "old"u8.ToArray());
            await page.ReloadAsync();
            var (file, bytes) = await BigFileAsync(local, "big.bin");
            var seen = Record(page);

            // The name is taken: the creation (metadata ifNoneMatch: *) answers 412 and the user picks Replace.
            await page.GetByTestId("file-input").SetInputFilesAsync(file);
            await page.GetByRole(AriaRole.Button, new() { Name = "Replace" }).ClickAsync();
            await page.Locator(".upload[data-status=done]").WaitForAsync(new() { Timeout = 60_000 });
            Assert.Equal(bytes, await user.Http.GetBytesAsync("/big.bin"));
            Assert.Equal(2, seen.Count(s => s.Method == "POST" && s.Path == "/api/v1/uploads"));

            // Cancel while a chunk is on its way: the upload is terminated (DELETE) and nothing is stored.
            var held = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var patches = 0;
            await page.RouteAsync(IsUploadUrl, async route =>
            {
                if (route.Request.Method == "PATCH" && Interlocked.Increment(ref patches) == 2)
                {
                    held.TrySetResult();
                    await release.Task;
                    try { await route.AbortAsync(); } catch (PlaywrightException) { /* the page already gave up on it */ }
                    return;
                }

                await route.ContinueAsync();
            });
            var deleted = page.WaitForResponseAsync(r => r.Request.Method == "DELETE" && IsUploadUrl(r.Url));
            var other = Path.Combine(local.FullName, "other.bin");
            File.Copy(file, other);
            await page.GetByTestId("file-input").SetInputFilesAsync(other);
            await held.Task.WaitAsync(TimeSpan.FromSeconds(30));
            await page.GetByRole(AriaRole.Button, new() { Name = "Cancel /other.bin" }).ClickAsync();
            var response = await deleted.WaitAsync(TimeSpan.FromSeconds(30));
            release.TrySetResult();
            Assert.Equal(204, response.Status);
            await Assertions.Expect(page.Locator(".upload[data-status=cancelled]")).ToHaveCountAsync(1);
            Assert.Null(await user.Http.GetBytesAsync("/other.bin"));
            using var head = new HttpRequestMessage(HttpMethod.Head, response.Url);
            head.Headers.Add("Tus-Resumable", "1.0.0");
            using var gone = await user.Http.SendAsync(head);
            Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
            Assert.Equal(0, await StoredUploadsAsync(page));
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Large_file_over_quota_fails_at_once_with_a_clear_message()
    {
        var (context, page, user) = await app.SignedInAsync(quotaBytes: 10 * 1024 * 1024);
        await using var _ = context;
        var local = Directory.CreateTempSubdirectory("depot-web-tus-");
        try
        {
            var (file, _) = await BigFileAsync(local, "huge.bin");
            var seen = Record(page);
            await page.GetByTestId("file-input").SetInputFilesAsync(file);
            await Assertions.Expect(page.Locator(".upload[data-status=error] [role=alert]")).ToContainTextAsync("quota", new() { Timeout = 5_000 });
            Assert.Single(seen, s => s.Method == "POST");   // refused at creation, not retried
            Assert.DoesNotContain(seen, s => s.Method == "PATCH");
            Assert.Null(await user.Http.GetBytesAsync("/huge.bin"));
        }
        finally
        {
            local.Delete(recursive: true);
        }
    }
}
