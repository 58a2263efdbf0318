namespace Bedside.Console.Services;

/// <summary>
/// A connection to one unit's GATT profile: Web Bluetooth (BleLink) or the virtual unit's WebSocket (SocketLink).
/// Operations answer an ATT error code (0 = success) or one of the link codes below; they never throw.
/// </summary>
public interface IUnitLink : IAsyncDisposable
{
    /// <summary>Opens (or re-opens) the link; 0 or a failure code.</summary>
    Task<int> OpenAsync();
    Task<(int att, byte[] value)> ReadAsync(string uuid);
    Task<int> WriteAsync(string uuid, byte[] value);
    /// <summary>Subscribes to notifications of uuid (Live status); they arrive through Notified.</summary>
    Task<int> SubscribeAsync(string uuid);
    /// <summary>A notification value (Live status).</summary>
    event Action<byte[]> Notified;
    /// <summary>The link dropped (radio out of range, unit off, server stopped).</summary>
    event Action Lost;
}

/// <summary>Failure codes beyond the ATT range (the same numbers as wwwroot/js/ble.js).</summary>
public static class LinkCode
{
    public const int Ok = 0;
    public const int LinkLost = 0x100;
    public const int NoBluetooth = 0x101;
    public const int Cancelled = 0x102;
    public const int NotFound = 0x103;
    public const int Timeout = 0x104;
}
