namespace Bedside.Core.Runtime
{
    /// <summary>Where the audio loop's PCM goes: the I2S ring on the device, a virtual ring in tests and tools.</summary>
    public interface IAudioOut
    {
        /// <summary>
        /// Writes count bytes of 16-bit little-endian mono PCM (whole samples, at most one block), first waiting
        /// until the output has room for them. The wait sleeps the calling thread (device) or moves a virtual clock.
        /// </summary>
        void WritePaced(byte[] pcm, int count);

        /// <summary>Samples written but not yet played at nowUs.</summary>
        int QueuedSamples(long nowUs);
    }

    /// <summary>The amplifier's enable line.</summary>
    public interface IAmplifier
    {
        bool Unmuted { get; }

        /// <summary>Enables the amplifier when the output allows it at nowUs (e.g. once its clocks have settled); true when it is on.</summary>
        bool Unmute(long nowUs);

        void Mute();
    }

    /// <summary>The caregiver button: debounced edges with the time they happened.</summary>
    public interface IEdgeSource
    {
        /// <summary>Next edge (pressed = true on press), or false when none is waiting. One consumer thread only.</summary>
        bool TryGetEdge(out bool pressed, out long tMs);
    }
}
