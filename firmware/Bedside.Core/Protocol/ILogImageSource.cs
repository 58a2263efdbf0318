namespace Bedside.Core.Protocol
{
    /// <summary>Where the BLE log download reads the session-log image from (implemented by the session log).</summary>
    public interface ILogImageSource
    {
        /// <summary>The image buffer (not copied; bytes [0, LogLength) are valid).</summary>
        byte[] LogImage { get; }

        /// <summary>Valid bytes in LogImage.</summary>
        int LogLength { get; }
    }
}
