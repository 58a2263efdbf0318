namespace Bedside.Core.Audio
{
    /// <summary>
    /// Whatever decides what the engine plays (the composer, or <see cref="DemoScore"/> until it exists), seen by
    /// the audio thread and the budget meter: called once per rendered block, before the block is rendered,
    /// with the engine's own clock (samples rendered · 1000 / fs). It calls the engine's IVoiceSink methods.
    /// </summary>
    public interface IAudioProgramDriver
    {
        /// <summary>Advance to nowMs (monotonic, ms since the engine's Init). Must not allocate.</summary>
        void Tick(long nowMs);
    }
}
