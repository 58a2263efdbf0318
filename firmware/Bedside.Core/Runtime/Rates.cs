namespace Bedside.Core.Runtime
{
    /// <summary>
    /// The rates of the unit, one name each. Every module and every host (device, simulator, budget meter, tests)
    /// takes them from here.
    /// - Sample rate: <see cref="DefaultSampleRateHz"/> (11025 and 22050 Hz also run); one output sample per period.
    /// - Engine tick: <see cref="EngineTickSamples"/> samples (16 ms at 16 kHz). Inside the audio engine: ramps,
    ///   the level cap and the per-sample gain slopes are recomputed once per engine tick.
    /// - Control period: <see cref="ControlPeriodMs"/> (20 Hz). The unit's control tick (sensing summary → therapy →
    ///   composer → engine targets) runs once per control period of rendered audio
    ///   (<see cref="ControlPeriodSamples"/> samples).
    /// - Loop: <see cref="LoopSamples"/> samples (0.51 s at 16 kHz). The engine's additive tones repeat exactly
    ///   after one loop, so every partial is a whole number of cycles per loop (pitch resolution fs / LoopSamples).
    /// - Control thread: <see cref="ControlThreadPeriodMs"/> of wall-clock time between steps of the device's control
    ///   thread (<see cref="ControlLoop"/>: indicator, BLE upkeep, live status). Not the control period above, which
    ///   counts rendered audio and runs on the audio thread.
    /// </summary>
    public static class Rates
    {
        /// <summary>Output sample rate of the device, Hz (the engine also runs at 11025 and 22050 Hz).</summary>
        public const int DefaultSampleRateHz = 16000;
        /// <summary>Samples per engine tick (a power of two).</summary>
        public const int EngineTickSamples = 256;
        /// <summary>Length of the unit's control period, ms (20 control ticks per second of audio).</summary>
        public const int ControlPeriodMs = 50;
        /// <summary>Samples per tone loop (a power of two): pitch resolution is sample rate / LoopSamples.</summary>
        public const int LoopSamples = 8192;
        /// <summary>log2 of <see cref="LoopSamples"/>.</summary>
        public const int LoopShift = 13;
        /// <summary>Wall-clock time between steps of the device's control thread, ms (20 Hz).</summary>
        public const int ControlThreadPeriodMs = 50;

        /// <summary>Whole samples per control period at sampleRateHz (800 at 16 kHz, 551 at 11025 Hz, 1102 at 22050 Hz).</summary>
        public static int ControlPeriodSamples(int sampleRateHz) { return sampleRateHz * ControlPeriodMs / 1000; }
    }
}
