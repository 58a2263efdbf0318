namespace Bedside.Core.Sensing
{
    /// <summary>State of the pulse channel, as the therapy layer and the log see it.</summary>
    public enum PulseStatus : byte
    {
        /// <summary>No sensor configured or the driver reports it unavailable.</summary>
        Absent = 0,
        /// <summary>Sensor present, collecting enough signal for a first estimate.</summary>
        Settling = 1,
        /// <summary>Beats are being detected with acceptable quality; the rate is valid.</summary>
        Ok = 2,
        /// <summary>Signal present but quality too poor to report a rate.</summary>
        Poor = 3,
        /// <summary>Reading stuck at (or near) an ADC rail: no finger or disconnected lead.</summary>
        NoContact = 4,
        /// <summary>Reading pinned at the top of the range (ambient light, gain too high).</summary>
        Saturated = 5,
        /// <summary>No variation for seconds (sensor unplugged or frozen).</summary>
        Flat = 6,
    }

    /// <summary>State of the skin-conductance channel.</summary>
    public enum EdaStatus : byte
    {
        Absent = 0,
        Settling = 1,
        Ok = 2,
        /// <summary>Conductance below the detachment floor: electrodes not on the skin.</summary>
        Detached = 3,
        /// <summary>Reading at the top of the converter range.</summary>
        Saturated = 4,
        /// <summary>The reading has not changed at all for seconds: a stuck converter or bus, not skin (skin and
        /// converter noise always move it by a count or more).</summary>
        Frozen = 5,
    }

    /// <summary>
    /// What sensing reports to the therapy layer at control rate. Integers with units in the names.
    /// Values that are not valid are 0 and the matching status says why.
    /// </summary>
    public sealed class PhysioSnapshot
    {
        public PulseStatus Pulse;
        /// <summary>Displayed heart rate, hundredths of a bpm; 0 unless Pulse == Ok (valid only in 35..200 bpm).</summary>
        public int HeartRateCentiBpm;
        /// <summary>Signal quality index of the pulse channel, 0..100.</summary>
        public int PulseQuality;
        /// <summary>RMSSD over the last 60 s, milliseconds; 0 when not enough clean beats.</summary>
        public int RmssdMs;

        public EdaStatus Eda;
        /// <summary>Tonic skin-conductance level, nanosiemens (1 µS = 1000).</summary>
        public int SclNanoSiemens;
        /// <summary>SCRs per minute over the last 60 s, hundredths.</summary>
        public int ScrPerMinuteCenti;

        /// <summary>Arousal index, Q15 0..32767 (0 = calmest seen for this listener). Steers music only; never a diagnosis.</summary>
        public int ArousalQ15;
        /// <summary>Confidence in ArousalQ15, Q15 0..32767; 0 when both sensors are missing (therapy runs open-loop).</summary>
        public int ConfidenceQ15;

        public void CopyFrom(PhysioSnapshot o)
        {
            Pulse = o.Pulse; HeartRateCentiBpm = o.HeartRateCentiBpm; PulseQuality = o.PulseQuality; RmssdMs = o.RmssdMs;
            Eda = o.Eda; SclNanoSiemens = o.SclNanoSiemens; ScrPerMinuteCenti = o.ScrPerMinuteCenti;
            ArousalQ15 = o.ArousalQ15; ConfidenceQ15 = o.ConfidenceQ15;
        }
    }
}
