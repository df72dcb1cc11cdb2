namespace Depot.Testing;

/// <summary>
/// A <see cref="DepotServer"/> that checks <see cref="StorageInvariants"/> when its test class is done: usage and
/// ownership must still add up after every test that ran on it (xunit reports a failure here as a class cleanup
/// failure). For the sharing and copy tests, where writes cross owners.
/// </summary>
public class CheckedDepotServer : DepotServer
{
    public override async Task DisposeAsync()
    {
        try
        {
            await StorageInvariants.AssertHoldAsync(this);
        }
        finally
        {
            await base.DisposeAsync();
        }
    }
}
