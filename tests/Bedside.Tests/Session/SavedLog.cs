using Bedside.Core.Ports;
using Bedside.Core.Session;

namespace Bedside.Tests.Session;

/// <summary>What a reboot would serve: the image of the last saved session log on a store.</summary>
public static class SavedLog
{
    /// <summary>Copies the last saved log into dst (≥ SessionLog.MaxSerializedSize) and returns its length; 0 when none is valid.</summary>
    public static int ReadNewest(IStorage storage, byte[] dst)
    {
        var log = new SessionLog();
        if (!new SessionLogStore(storage).Load(log)) return 0;
        return log.CopySerialized(0, dst, 0, log.SerializedLength);
    }

    /// <summary>The last saved log's image (empty when none).</summary>
    public static byte[] Newest(IStorage storage)
    {
        var b = new byte[SessionLog.MaxSerializedSize];
        System.Array.Resize(ref b, ReadNewest(storage, b));
        return b;
    }
}
