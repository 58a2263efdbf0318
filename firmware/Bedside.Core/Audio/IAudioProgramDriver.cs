namespace Bedside.Core.Audio
{
    /// <summary>
    /// A score that drives the engine block by block: called once per rendered block, before the block is
    /// rendered, with the engine's own clock (samples rendered · 1000 / fs); it calls the engine's IVoiceSink
    /// methods. <see cref="DemoScore"/> implements it for the budget meter and the golden-hash tests; the product's
    /// music does not use it (Composer.MusicComposer is ticked by Unit.BedsideUnit at the control rate).
    /// </summary>
    public interface IAudioProgramDriver
    {
        /// <summary>Advance to nowMs (monotonic, ms since the engine's Init). Must not allocate.</summary>
        void Tick(long nowMs);
    }
}
